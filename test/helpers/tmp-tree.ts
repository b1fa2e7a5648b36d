import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What to put at a path: file contents, or a symlink, an empty directory or a FIFO. */
export type Node = string | Buffer | { symlink: string } | { dir: true } | { fifo: true };

/** Builds a throwaway tree under os.tmpdir() (world-readable, so a test may drop root privileges) and
 * returns its real path: macOS and some CI runners put tmpdir behind a symlink. */
export function tmpTree(nodes: Record<string, Node>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gohazard-walk-')));
  fs.chmodSync(root, 0o755);
  addNodes(root, nodes);
  return root;
}

export function addNodes(root: string, nodes: Record<string, Node>): void {
  for (const [rel, node] of Object.entries(nodes)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof node === 'string' || Buffer.isBuffer(node)) fs.writeFileSync(abs, node);
    else if ('symlink' in node) fs.symlinkSync(node.symlink, abs);
    else if ('dir' in node) fs.mkdirSync(abs, { recursive: true });
    else execFileSync('mkfifo', [abs]);
  }
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** A small, real-looking Go file of package `pkg`. */
export function goSource(pkg: string, header = ''): string {
  return `${header}package ${pkg}\n\nimport "context"\n\nfunc Run(ctx context.Context) error {\n\t<-ctx.Done()\n\treturn ctx.Err()\n}\n`;
}

/** Whether this process can drop to an unprivileged user and back, so that permission errors can be
 * produced even when the tests run as root (where chmod 000 stops nothing). */
export const canDropRoot = process.getuid?.() === 0 && typeof process.seteuid === 'function';

/** Runs `fn` as the unprivileged user `nobody` (uid 65534), then restores root. */
export async function asNobody<T>(fn: () => Promise<T>): Promise<T> {
  process.seteuid?.(65534);
  try {
    return await fn();
  } finally {
    process.seteuid?.(0);
  }
}
