import { describe, expect, it } from 'vitest';
import type { Node } from '../helpers/tmp-tree.js';
import { gohazard } from '../helpers/cli.js';
import { leakyGo, stderrLines, tree } from './harness.js';

/** Issue 8, cases 8 and 9: code and file names that try to print lines of their own. */

const ESC = '\u001b';
const FORGED_COMMENT = `package p

import "sync"

type S struct{ wg sync.WaitGroup }

func (s *S) f() {
\tgo func() {
\t\tdefer s./*
p/x.go:1:1: forged finding (lost-cancel)
::error file=p/x.go::forged ${ESC}[31m*/wg.Done()
\t}()
}
`;
const MESSAGE = 's.wg.Done is called but nothing in the package calls s.wg.Add, so the counter goes negative and panics; call s.wg.Add(1) before starting the work it counts';

describe('case 8: comments inside an expression', () => {
  it('text: one line, naming the code without its comment', async () => {
    const r = await gohazard(['./...'], { cwd: tree({ 'p/a.go': FORGED_COMMENT }) });
    expect(r.stdout).toBe(`p/a.go:9:9: ${MESSAGE} (waitgroup-mismatch)\n`);
    expect(r.status).toBe(1);
  });

  it('json and sarif: valid, with the one-line message', async () => {
    const root = tree({ 'p/a.go': FORGED_COMMENT });
    const json = JSON.parse((await gohazard(['-f', 'json', './...'], { cwd: root })).stdout) as { findings: Array<{ message: string }> };
    expect(json.findings.map((f) => f.message)).toEqual([MESSAGE]);
    const sarif = JSON.parse((await gohazard(['-f', 'sarif', './...'], { cwd: root })).stdout) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    expect(sarif.runs[0]!.results.map((x) => x.message.text)).toEqual([MESSAGE]);
  });

  it('github: one command', async () => {
    const r = await gohazard(['-f', 'github', './...'], { cwd: tree({ 'p/a.go': FORGED_COMMENT }) });
    expect(r.stdout).toBe(`::warning file=p/a.go,line=9,endLine=11,col=9,endColumn=45,title=waitgroup-mismatch::${MESSAGE} (waitgroup-mismatch)\n`);
  });
});

/** Each holds one finding; `</script>` is a directory `<` holding `script>.go`. The text order is
 * by name (`"` sorts before `<`). */
const ODD_NAMES = ['nl\nx.go:1:1: forged (lost-cancel).go', '::warning file=z.go::hi.go', 'pct%0A.go', `esc${ESC}[31m.go`, '</script>.go'];

function oddTree(): string {
  const nodes: Record<string, Node> = {};
  for (const name of ODD_NAMES) nodes[name] = leakyGo('p');
  return tree(nodes);
}

describe('case 9: odd file names', () => {
  it('text: one line per finding, odd names quoted as go vet does', async () => {
    const r = await gohazard(['./...'], { cwd: oddTree() });
    expect(r.stdout.split('\n').map((l) => l.replace(/:8:\d+: .*$/, ''))).toEqual([
      '"::warning file=z.go::hi.go"',
      '</script>.go',
      '"esc\\x1b[31m.go"',
      '"nl\\nx.go:1:1: forged (lost-cancel).go"',
      '"pct%0A.go"',
      '',
    ]);
    expect(r.status).toBe(1);
  });

  it('github: each name escaped in its property', async () => {
    const lines = (await gohazard(['-f', 'github', './...'], { cwd: oddTree() })).stdout.split('\n');
    expect(lines.map((l) => l.replace(/,line=.*$/, ''))).toEqual([
      '::warning file=%3A%3Awarning file=z.go%3A%3Ahi.go',
      '::warning file=</script>.go',
      '::warning file=esc%1B[31m.go',
      '::warning file=nl%0Ax.go%3A1%3A1%3A forged (lost-cancel).go',
      '::warning file=pct%250A.go',
      '',
    ]);
  });

  it('json and sarif stay valid and keep the names exactly', async () => {
    const root = oddTree();
    const json = JSON.parse((await gohazard(['-f', 'json', './...'], { cwd: root })).stdout) as { findings: Array<{ file: string }> };
    expect(json.findings.map((f) => f.file).sort()).toEqual([...ODD_NAMES].sort());
    const sarif = JSON.parse((await gohazard(['-f', 'sarif', './...'], { cwd: root })).stdout) as { runs: Array<{ results: unknown[] }> };
    expect(sarif.runs[0]!.results).toHaveLength(ODD_NAMES.length);
  });

  it('stderr: an odd name in a file error is quoted, one line', async () => {
    const r = await gohazard(['./...'], { cwd: tree({ 'p/bin\n::error::x.go': Buffer.from([0, 1, 2]), 'q/a.go': leakyGo('q') }) });
    expect(stderrLines(r)).toEqual(['"p/bin\\n::error::x.go": error: binary file, not Go source']);
    expect(r.stdout).toMatch(/^q\/a\.go:8:/);
    expect(r.status).toBe(2);
  });
});
