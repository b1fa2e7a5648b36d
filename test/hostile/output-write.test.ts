import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gohazard } from '../helpers/cli.js';
import { hostile, leakyGo, tree } from './harness.js';

/** Issue 8, case 10 and the --output leftovers of case 12: a report that cannot be written. The write
 * failures need the bin's own fd 1 on /dev/full; the leftovers are runCli's, in-process. */

describe('case 10: write failures', () => {
  it.each(['text', 'json'])('stdout on /dev/full (-f %s): one line on stderr, exit 3, no stack trace', (format) => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = hostile(['-f', format, './...'], { cwd: tree({ 'p/a.go': leakyGo('p') }), stdio: ['pipe', full, 'pipe'] });
      expect(r.stderr).toBe('gohazard: cannot write the report to standard output: no space left on device\n');
      expect(r.status).toBe(3);
    } finally {
      fs.closeSync(full);
    }
  });

  it('--help on /dev/full: exit 3, not a stack trace', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = hostile(['--help'], { cwd: tree({}), stdio: ['pipe', full, 'pipe'] });
      expect(r.stderr).toBe('gohazard: cannot write to standard output: no space left on device\n');
      expect(r.status).toBe(3);
    } finally {
      fs.closeSync(full);
    }
  });
});

describe('case 12: --output leftovers', () => {
  it('removes the temporary file a killed run left, and only a dead process', async () => {
    // The live run is another process (vitest's parent), so the liveness check is kill(pid, 0), not
    // the writer's own pid.
    const live = `.out.json.${process.ppid}.1.tmp`;
    const root = tree({ 'p/a.go': leakyGo('p'), '.out.json.2147483646.1.tmp': 'half a report', [live]: 'a live run' });
    const r = await gohazard(['-f', 'json', '-o', 'out.json', './...'], { cwd: root });
    expect(r.status).toBe(1);
    expect(fs.readdirSync(root).sort()).toEqual([live, 'out.json', 'p']);
    expect((JSON.parse(fs.readFileSync(path.join(root, 'out.json'), 'utf8')) as { findings: unknown[] }).findings).toHaveLength(1);
  });
});
