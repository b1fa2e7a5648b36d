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
