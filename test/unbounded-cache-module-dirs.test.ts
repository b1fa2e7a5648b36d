import { describe, expect, it } from 'vitest';
import { gohazard, goTree } from './helpers/cli.js';

/**
 * unbounded-cache leaves short-lived programs alone (package main, tools/, cmd/, test dirs), read from the
 * directories below the module root: where the checkout itself sits (~/tools/node, /srv/cmd/...) says
 * nothing of the code in it.
 */

const CACHE = `package peers

import "sync"

var seen sync.Map

// Remember records a peer for the life of the process.
func Remember(id string, addr string) {
	seen.Store(id, addr)
}
`;

async function findings(files: Record<string, string>, under: string): Promise<string[]> {
  const root = goTree(Object.fromEntries(Object.entries(files).map(([p, t]) => [`${under}/${p}`, t])));
  const r = await gohazard(['-f', 'json', '--disable', 'lost-cancel,waitgroup-mismatch,http-client-no-timeout,select-no-exit', './...'], { cwd: `${root}/${under}` });
  const out = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string; start: { line: number; column: number } }> };
  return out.findings.filter((f) => f.ruleId === 'unbounded-cache').map((f) => `${f.file}:${f.start.line}:${f.start.column}`);
}

describe('unbounded-cache: the directories that make a program short-lived', () => {
  const GO_MOD = 'module example.com/node\n\ngo 1.22\n';

  it('reports a node package of a module checked out under a tools/ or cmd/ directory', async () => {
    expect(await findings({ 'go.mod': GO_MOD, 'p2p/peers/peers.go': CACHE }, 'tools/node')).toEqual(['p2p/peers/peers.go:5:5']);
    expect(await findings({ 'go.mod': GO_MOD, 'p2p/peers/peers.go': CACHE }, 'cmd/work')).toEqual(['p2p/peers/peers.go:5:5']);
  });

  it('is silent for the same package under the module\'s own tools/ directory', async () => {
    expect(await findings({ 'go.mod': GO_MOD, 'tools/peers/peers.go': CACHE }, 'src')).toEqual([]);
  });
});
