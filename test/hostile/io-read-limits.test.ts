import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, readBounded } from '../../src/walk/resource-policy.js';
import { hostile, LEAKY_FINDING, leakyGo, stderrLines, tree } from './harness.js';

/** Issue 8, cases 1 and 2: control and source files that read forever or block. */

const OUTSIDE = 'error: symlink to a path outside the repository: not followed';

describe('case 1: .gitignore that never ends', () => {
  it.each(['/dev/zero', '/dev/stdin'])('a .gitignore symlinked to %s is reported, the rest linted', (target) => {
    const root = tree({ '.git': { dir: true }, '.gitignore': { symlink: target }, 'p/a.go': leakyGo('p') });
    const r = hostile(['./...'], { cwd: root });
    expect(r.timedOut).toBe(false);
    expect(stderrLines(r)).toEqual([`.gitignore: ${OUTSIDE}`]);
    expect(r.stdout).toMatch(LEAKY_FINDING);
    expect(r.status).toBe(2);
  });

  it('a .gitignore that is a FIFO inside the repository does not block', () => {
    const root = tree({ '.git': { dir: true }, 'p/.gitignore': { fifo: true }, 'p/a.go': leakyGo('p') });
    const r = hostile(['./...'], { cwd: root });
    expect(r.timedOut).toBe(false);
    expect(stderrLines(r)).toEqual(['p/.gitignore: error: not a regular file']);
    expect(r.stdout).toMatch(/^p\/a\.go:8:/);
    expect(r.status).toBe(2);
  });
});

describe('case 2: files whose stat size lies', () => {
  it('counts the bytes of a /proc file instead of trusting its size of 0', () => {
    expect(fs.statSync('/proc/self/pagemap').size).toBe(0);
    expect(() => readBounded('/proc/self/pagemap', 1 << 20, 'read')).toThrow(new InputError('too large to read (over the 1 MiB limit)'));
  });

  it('--config naming /proc/self/pagemap is a bounded config error', () => {
    const root = tree({ 'p/a.go': leakyGo('p') });
    const r = hostile(['--config', '/proc/self/pagemap', './...'], { cwd: root });
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toBe('gohazard: /proc/self/pagemap: cannot read config: too large to read (over the 1 MiB limit)\n');
    expect(r.status).toBe(2);
  });

  it('a .go file symlinked to /proc/self/pagemap is reported, the rest linted', () => {
    const root = tree({ 'p/evil.go': { symlink: '/proc/self/pagemap' }, 'p/a.go': leakyGo('p') });
    const r = hostile(['./...'], { cwd: root });
    expect(r.timedOut).toBe(false);
    expect(stderrLines(r)).toEqual([`p/evil.go: ${OUTSIDE}`]);
    expect(r.stdout).toMatch(/^p\/a\.go:8:/);
    expect(r.status).toBe(2);
  });

  it('a .gohazard.json symlinked to /proc/self/environ is refused without quoting it', () => {
    const root = tree({ '.git': { dir: true }, '.gohazard.json': { symlink: '/proc/self/environ' }, 'p/a.go': leakyGo('p') });
    const r = hostile(['./...'], { cwd: root, env: { SECRET_TOKEN: 'hunter2' } });
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toBe(`gohazard: ${path.join(root, '.gohazard.json')}: symlink to a path outside the repository: not followed\n`);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.status).toBe(2);
  });

  it('stdin from /dev/zero ends with a size error, not in swap', () => {
    const root = tree({});
    const zero = fs.openSync('/dev/zero', 'r');
    try {
      const r = hostile(['-'], { cwd: root, stdio: [zero, 'pipe', 'pipe'] });
      expect(r.timedOut).toBe(false);
      expect(r.stderr).toBe('<stdin>: error: too large to parse (over the 32 MiB limit)\n');
      expect(r.status).toBe(2);
    } finally {
      fs.closeSync(zero);
    }
  });
});
