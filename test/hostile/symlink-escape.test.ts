import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gohazard } from '../helpers/cli.js';
import { LEAKY_FINDING, leakyGo, stderrLines, tree } from './harness.js';

/** Issue 8, case 11 and the `.git` pointer of case 12: symlinks and pointers that leave the repository. */

describe('case 11: symlinks out of the tree', () => {
  it('does not read a .go symlink to /etc/passwd, nor quote it; an in-tree symlink is still followed', async () => {
    const root = tree({ 'p/shadow.go': { symlink: '/etc/passwd' }, 'p/a.go': leakyGo('p'), 'q/link.go': { symlink: '../r/real.go' }, 'r/real.go': leakyGo('r') });
    const r = await gohazard(['./...'], { cwd: root });
    expect(stderrLines(r)).toEqual(['p/shadow.go: error: symlink to a path outside the repository: not followed']);
    expect(r.stdout.split('\n').map((l) => l.split(':')[0])).toEqual(['p/a.go', 'q/link.go', 'r/real.go', '']);
    expect(r.stdout).toMatch(LEAKY_FINDING);
    expect(r.stdout + r.stderr).not.toContain('root:');
    expect(r.status).toBe(2);
  });

  it('judges by the repository root when there is one, so a link to a sibling directory is followed', async () => {
    const root = tree({ '.git': { dir: true }, 'lib/x.go': leakyGo('lib'), 'cmd/y.go': { symlink: '../lib/x.go' } });
    const r = await gohazard(['./cmd/...'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^cmd\/y\.go:8:/);
    expect(r.status).toBe(1);
  });

  it('does not follow a .gohazard.json symlink to /etc/passwd, nor quote it', async () => {
    const root = tree({ '.git': { dir: true }, 'p/.gohazard.json': { symlink: '/etc/passwd' }, 'p/a.go': leakyGo('p') });
    const r = await gohazard(['./...'], { cwd: root });
    expect(r.stderr).toBe(`gohazard: ${path.join(root, 'p/.gohazard.json')}: symlink to a path outside the repository: not followed\n`);
    expect(r.status).toBe(2);
  });

  it('quotes no content of a config that is not JSON', async () => {
    const root = tree({ 'p/.gohazard.json': 'SECRET=hunter2\n', 'p/a.go': leakyGo('p') });
    const r = await gohazard(['./...'], { cwd: root });
    expect(r.stderr).toBe(`gohazard: ${path.join(root, 'p/.gohazard.json')}:1:1: not valid JSON: expected a value\n`);
    expect(r.status).toBe(2);
  });
});

describe("case 12: a .git file's gitdir pointer", () => {
  it('is not followed to a directory that is not a git directory', async () => {
    const root = tree({ 'evil/info/exclude': '*.go\n', 'evil/HEAD': 'ref: refs/heads/main\n', 'repo/.git': 'gitdir: ../evil\n', 'repo/a.go': leakyGo('repo') });
    const r = await gohazard(['./...'], { cwd: path.join(root, 'repo') });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^a\.go:8:/);
    expect(r.status).toBe(1);
  });

  it('is still followed to a real worktree layout', async () => {
    const root = tree({ 'main/.git/HEAD': 'ref: refs/heads/main\n', 'main/.git/info/exclude': 'a.go\n', 'main/.git/worktrees/wt/HEAD': 'ref: refs/heads/wt\n', 'main/.git/worktrees/wt/commondir': '../..\n', 'wt/.git': 'gitdir: ../main/.git/worktrees/wt\n', 'wt/a.go': leakyGo('wt'), 'wt/b.go': 'package wt\n' });
    const r = await gohazard(['./...'], { cwd: path.join(root, 'wt') });
    expect(fs.existsSync(path.join(root, 'wt/a.go'))).toBe(true);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
