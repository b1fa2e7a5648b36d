import fs from 'node:fs';

/**
 * Writes the report to standard output and says whether all of it arrived. Node's own stdout hides both
 * failures that matter here: on a file (or /dev/full) it ignores short writes, so a full disk truncates the
 * report silently, and a write error is thrown from an event, as a stack trace with exit status 1 (which
 * reads as "findings"). Files and terminals are written with a loop that checks every count; pipes go
 * through the stream (libuv finishes short writes) and report their error to the callback.
 */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export async function writeStdout(text: string): Promise<void> {
  let kind: fs.Stats | undefined;
  try {
    kind = fs.fstatSync(1);
  } catch {
    kind = undefined;
  }
  if (kind && (kind.isFile() || kind.isCharacterDevice())) return writeAllSync(1, Buffer.from(text));
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(toWriteError(err)) : resolve()));
  });
}

function writeAllSync(fd: number, bytes: Buffer): void {
  let off = 0;
  while (off < bytes.length) {
    let n: number;
    try {
      n = fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      throw toWriteError(err);
    }
    if (n <= 0) throw new WriteError('the write stopped short', undefined);
    off += n;
  }
}

function toWriteError(err: unknown): WriteError {
  const code = (err as NodeJS.ErrnoException).code;
  return new WriteError(err instanceof Error ? err.message : String(err), code);
}
