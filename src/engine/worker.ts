import { parentPort } from 'node:worker_threads';
import { runTask, type LintTask } from './task.js';

// Emscripten prints "Aborted()" before a WASM abort reaches us as an exception; the pool reports the
// failure as an error naming the file, so stray console output would only be an unnamed stderr line.
console.error = () => {};
console.warn = () => {};

/** A worker thread: lints whole directories sent by src/pool.ts, one at a time, saying which file it is
 * on so that the pool's watchdog can name a file that overruns its budget. */
parentPort?.on('message', (msg: { id: number; task: LintTask }) => {
  runTask(msg.task, (file) => parentPort?.postMessage({ id: msg.id, file })).then(
    (result) => parentPort?.postMessage({ id: msg.id, result }),
    (err: unknown) => parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
