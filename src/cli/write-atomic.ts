import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a report so that readers never see half of it: a temporary file in the same directory
 * (same file system, so the rename is atomic), then a rename over the target. On failure the
 * temporary file is removed and the target is left as it was. A run killed with -9 cannot remove
 * its temporary file, so the next write to the same target removes those of processes that are gone.
 */
export function writeAtomic(target: string, text: string): void {
  const dir = path.dirname(target);
  const base = path.basename(target);
  removeStale(dir, base);
  const tmp = path.join(dir, `.${base}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

function removeStale(dir: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // writing will say what is wrong with the directory
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
    if (m === null || isAlive(Number(m[1]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
