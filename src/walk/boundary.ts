import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a symlink may point. A repository can hold a symlink to /etc/shadow or /proc/self/environ; reading
 * it would put the start of a file that is not ours into a message. A symlink is followed only when its
 * real target stays inside the boundary (the repository root from `.git`, else the linted root).
 */

export function isInside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** Whether `absPath`, once every symlink in it is resolved, still lies inside `boundary` (itself resolved).
 * A path that cannot be resolved (dangling, looping) passes: reading it reports the problem. */
export function staysInside(absPath: string, boundary: string): boolean {
  let real: string;
  try {
    real = fs.realpathSync(absPath);
  } catch {
    return true;
  }
  let root: string;
  try {
    root = fs.realpathSync(boundary);
  } catch {
    root = boundary;
  }
  return isInside(real, root);
}

export const OUTSIDE = 'symlink to a path outside the repository: not followed';

/** Whether `absPath` is itself a symlink (not a path through a symlinked directory). */
export function isSymlink(absPath: string): boolean {
  try {
    return fs.lstatSync(absPath).isSymbolicLink();
  } catch {
    return false;
  }
}
