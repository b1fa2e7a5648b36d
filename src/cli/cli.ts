#!/usr/bin/env node
import { describeFsError } from '../walk/fs-errors.js';
import { MAX_SOURCE_BYTES, readFd } from '../walk/resource-policy.js';
import { runCli, type TextSink } from './main.js';
import { writeStdout } from './stdout.js';

/**
 * The bin: the only module that reads argv, the environment and fd 0, or sets the exit status. The CLI
 * itself is runCli (main.ts); this gives it the process's streams.
 */

/** Set when a write to stdout failed for a reason other than a closed pipe; runCli has said so. */
let stdoutFailed = false;

/** Report and help text go through writeStdout, which checks every count on files and terminals. */
const stdout: TextSink = {
  write(text, done) {
    writeStdout(text).then(
      () => done?.(null),
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') stdoutFailed = true;
        done?.(err);
      },
    );
    return true;
  },
};

// `gohazard ./... | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  if (stdoutFailed) process.exit(3);
  // Any other error also reaches runCli through the write's callback, which reports it; this is for
  // the error event that can come first.
  process.stderr.write(`gohazard: cannot write to standard output: ${describeFsError(err)}\n`);
  process.exit(3);
});

// A stderr that cannot be written (2>/dev/full) leaves nowhere to say so; unhandled, its error event
// would end the run with status 1, which reads as "findings", instead of runCli's status.
process.stderr.on('error', () => {});

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  // Read only when `-` or --stdin-filename asks for it, within the source size limit.
  stdin: () => readFd(0, MAX_SOURCE_BYTES),
  stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`gohazard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 3;
  },
);
