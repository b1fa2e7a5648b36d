import { describe, expect, it } from 'vitest';
import { lintPackage } from '../src/engine/lint-package.js';
import type { Rule } from '../src/rule-api.js';

/** The engine hands the module and the config's test-support list to the program facts rules read. */

function probe(seen: string[]): Rule {
  return {
    meta: { id: 'probe', name: 'Probe', summary: 's', defaultLevel: 'note', tags: [], precision: 'high', messages: {}, docs: { what: '', why: '', bad: '', good: '', limits: '' } },
    checkPackage(pass) {
      for (const f of pass.pkg.files) {
        const v = pass.facts.program.goVersion(f);
        seen.push(`${f.path} go=${v ? `${v.major}.${v.minor}` : '?'} test=${pass.facts.program.isTestSupport(f)}`);
      }
    },
  };
}

describe('program facts in a lint', () => {
  it('read the go directive of the module and the config list of test-support directories', async () => {
    const seen: string[] = [];
    const files = [
      { path: 'sim/a.go', text: 'package sim\n', isTest: false, packageName: 'sim' },
      { path: 'sim/b.go', text: '//go:build go1.24\n\npackage sim\n', isTest: false, packageName: 'sim' },
    ];
    const module = { dir: '/m', path: 'example.com/m', go: '1.22' };
    await lintPackage({ dir: '/m/internal/sim', name: 'sim', files, module, settings: { testSupport: ['internal/sim'] } }, [{ rule: probe(seen), level: 'note' }]);
    expect(seen).toEqual(['sim/a.go go=1.22 test=true', 'sim/b.go go=1.24 test=true']);
  });

  it('know neither without a module or a list', async () => {
    const seen: string[] = [];
    await lintPackage({ dir: '/m/internal/sim', name: 'sim', files: [{ path: 'a.go', text: 'package sim\n', isTest: false, packageName: 'sim' }] }, [{ rule: probe(seen), level: 'note' }]);
    expect(seen).toEqual(['a.go go=? test=false']);
  });
});

describe('the place policy in a lint', () => {
  const visitor = (visited: string[]): Rule => ({
    meta: { id: 'visitor', name: 'Visitor', summary: 's', defaultLevel: 'warning', tags: [], precision: 'high', messages: { m: 'm' }, docs: { what: '', why: '', bad: '', good: '', limits: '' } },
    create: (ctx) => ({ source_file: (node) => { visited.push(ctx.file.path); ctx.report({ node, messageId: 'm' }); } }),
  });
  const files = [
    { path: 'p2p/peer.go', text: 'package p2p\n', isTest: false, packageName: 'p2p' },
    { path: 'p2p/peer_test.go', text: 'package p2p\n', isTest: true, packageName: 'p2p' },
  ];

  it('does not run per-file visitors on test support when its findings would be left out', async () => {
    const visited: string[] = [];
    const out = await lintPackage({ dir: 'p2p', name: 'p2p', files }, [{ rule: visitor(visited), level: 'warning' }]);
    expect(visited).toEqual(['p2p/peer.go']);
    expect(out.findings.map((f) => `${f.file} ${f.level}`)).toEqual(['p2p/peer.go warning']);
  });

  it('runs them, and keeps their findings with their place, when places.test asks', async () => {
    const visited: string[] = [];
    const settings = { places: { test: 'report' as const, command: 'note' as const } };
    const out = await lintPackage({ dir: 'p2p', name: 'p2p', files, settings }, [{ rule: visitor(visited), level: 'warning' }]);
    expect(visited).toEqual(['p2p/peer.go', 'p2p/peer_test.go']);
    expect(out.findings.map((f) => `${f.file} ${f.level} ${f.place ?? 'service'}`)).toEqual(['p2p/peer.go warning service', 'p2p/peer_test.go warning test']);
  });
});
