import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gohazard } from '../helpers/cli.js';
import { LEAKY_FINDING, leakyGo, stderrLines, tree } from './harness.js';

/** Issue 8, case 12: the small ones. */

describe('case 12', () => {
  it('reports a file with no package clause (go vet rejects it) and lints the rest', async () => {
    const root = tree({ 'q/nopkg.go': 'func f() {}\n', 'p/a.go': leakyGo('p') });
    const r = await gohazard(['./...'], { cwd: root });
    expect(stderrLines(r)).toEqual(["q/nopkg.go: error: no package clause (expected 'package' first, as the go tool does)"]);
    expect(r.stdout).toMatch(LEAKY_FINDING);
    expect(r.status).toBe(2);
  });

  it('gives stdin the NUL binary check', async () => {
    const r = await gohazard(['-'], { cwd: tree({}), input: Buffer.from('package p\n\u0000\u0000\n') });
    expect(r.stderr).toBe('<stdin>: error: binary file, not Go source\n');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });

  it('names a symlink to a socket plainly (no ENXIO, no absolute path)', async () => {
    const root = tree({ 'p/s.go': { symlink: '../sock' }, 'p/a.go': leakyGo('p') });
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, 'sock'), resolve));
    try {
      const r = await gohazard(['./...'], { cwd: root });
      expect(stderrLines(r)).toEqual(['p/s.go: error: not a regular file (no such device or address)']);
      expect(r.stdout).toMatch(LEAKY_FINDING);
      expect(r.status).toBe(2);
    } finally {
      server.close();
    }
  });
});
