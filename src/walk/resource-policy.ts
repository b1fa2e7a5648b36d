import fs from 'node:fs';
import os from 'node:os';

/**
 * Every limit that keeps a run bounded on a hostile repository, in one place. Anything a repository holds
 * is attacker input on a code-scanning run: a `.go` file, `.gitignore` or `.gohazard.json` may be a symlink
 * to /dev/zero, a FIFO or /proc/self/pagemap (size 0 in `stat`, endless when read).
 */

/** Parsing takes about 65 bytes of memory per source byte (a 30 MB byte table peaked at 1.9 GB), and
 * tree-sitter's WASM heap aborts at 2 GiB: a clear error beats a crash. Counted while reading. */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;
/** `.gitignore`, `info/exclude`, `.gohazard.json` and `.git` files: real ones are a few KB. */
export const MAX_CONTROL_BYTES = 1024 * 1024;
/** Worker threads at most: each may hold a 2 GiB WASM heap, so more than this buys memory use, not speed. */
export const MAX_JOBS = 8;
/** Wall time one file may take to parse and lint before its worker is stopped and the file reported. A
 * 32 MiB file parses and lints in well under this; GOHAZARD_FILE_BUDGET_MS overrides it (for tests). */
export const DEFAULT_FILE_BUDGET_MS = 60_000;

export function fileBudgetMs(): number {
  const raw = Number(process.env.GOHAZARD_FILE_BUDGET_MS);
  return Number.isInteger(raw) && raw > 0 ? raw : DEFAULT_FILE_BUDGET_MS;
}

/** -j as given, capped by the cores and by MAX_JOBS. */
export function capJobs(requested: number | undefined): number {
  const cores = Math.max(1, os.availableParallelism());
  return Math.max(1, Math.min(requested ?? cores, cores, MAX_JOBS));
}

/** `size` when known up front (from fstat); a file that lies about its size is refused while reading. */
export function tooLarge(limit: number, size?: number, verb = 'parse'): string {
  const mib = (n: number) => `${Math.ceil(n / 2 ** 20)} MiB`;
  return size === undefined ? `too large to ${verb} (over the ${mib(limit)} limit)` : `too large to ${verb} (${mib(size)}, over the ${mib(limit)} limit)`;
}

/** An error about the input (not a bug): its message is safe to show and names no absolute path. */
export class InputError extends Error {}

/**
 * Reads a regular file, at most `limit` bytes, counting what it reads: `stat` sizes lie for /proc files.
 * Opened without blocking, so a FIFO (or a symlink to one) cannot hang the run, then checked with fstat:
 * directories, devices, FIFOs and sockets are refused before a byte is read.
 */
export function readBounded(absPath: string, limit: number, verb = 'parse'): Buffer {
  const fd = fs.openSync(absPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new InputError('is a directory');
    if (!stat.isFile()) throw new InputError('not a regular file');
    if (stat.size > limit) throw new InputError(tooLarge(limit, stat.size, verb));
    return readFd(fd, limit, verb);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads `fd` to its end, refusing more than `limit` bytes; waits out EAGAIN (a non-blocking stdin pipe). */
export function readFd(fd: number, limit: number, verb = 'parse'): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // Whole 64 KiB chunks: some /proc files (pagemap) refuse reads that are not a multiple of 8 bytes.
    const chunk = Buffer.allocUnsafe(1 << 16);
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw new InputError(tooLarge(limit, undefined, verb));
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

/** Like git and grep: a NUL byte near the start means a binary file, whatever its name. */
const BINARY_SNIFF_BYTES = 8192;
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
