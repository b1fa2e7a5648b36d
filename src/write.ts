import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a report so that readers never see half of it: a temporary file in the same directory
 * (same file system, so the rename is atomic), then a rename over the target. On failure the
 * temporary file is removed and the target is left as it was.
 */
export function writeAtomic(target: string, text: string): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
