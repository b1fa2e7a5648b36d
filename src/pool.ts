import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { preferQuickStart } from '../grammars/go.js';
import { runTask, type LintTask, type TaskResult } from './task.js';

/**
 * Runs lint tasks on worker threads (one per core) when there is enough work to pay for their
 * start-up (60–100 ms each), else on this thread: an editor or pre-commit run of a few files should
 * not pay for threads it does not need. A worker that dies (a WASM abort, say) turns its task into an
 * internal error and is replaced; the other tasks go on.
 */

const MIN_FILES_FOR_WORKERS = 64;
/** Up to this many files and bytes, start-up costs more than parsing: see preferQuickStart. */
const QUICK_START_FILES = 16;
const QUICK_START_BYTES = 1 << 20;

export function defaultJobs(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}

export async function runTasks(tasks: LintTask[], jobs: number): Promise<TaskResult[]> {
  const fileCount = tasks.reduce((n, t) => n + t.dir.files.length, 0);
  if (jobs <= 1 || tasks.length < 2 || fileCount < MIN_FILES_FOR_WORKERS) {
    if (fileCount <= QUICK_START_FILES && totalSize(tasks) <= QUICK_START_BYTES) preferQuickStart();
    const results: TaskResult[] = [];
    for (const task of tasks) results.push(await runTask(task));
    return results;
  }
  return runOnWorkers(tasks, Math.min(jobs, tasks.length));
}

function runOnWorkers(tasks: LintTask[], jobs: number): Promise<TaskResult[]> {
  const results: TaskResult[] = new Array(tasks.length);
  // Biggest directories first, so one large package does not finish last on an idle pool.
  const order = tasks.map((_, i) => i).sort((a, b) => tasks[b]!.dir.files.length - tasks[a]!.dir.files.length);
  let next = 0;
  let done = 0;
  let alive = 0;
  return new Promise((resolve, reject) => {
    const settle = (i: number, result: TaskResult): void => {
      results[i] = result;
      if (++done === tasks.length) resolve(results);
    };
    const start = (): void => {
      alive++;
      const worker = new Worker(new URL('./worker.js', import.meta.url));
      let current = -1;
      const feed = (): void => {
        if (next >= order.length) {
          void worker.terminate();
          return;
        }
        current = order[next++]!;
        worker.postMessage({ id: current, task: tasks[current] });
      };
      worker.on('message', (msg: { id: number; result?: TaskResult; error?: string }) => {
        current = -1;
        settle(msg.id, msg.result ?? crashed(tasks[msg.id]!, msg.error ?? 'unknown error'));
        feed();
      });
      worker.on('error', (err) => {
        if (current >= 0) settle(current, crashed(tasks[current]!, err.stack ?? err.message));
        current = -1;
      });
      worker.on('exit', () => {
        alive--;
        if (next < order.length && alive === 0) finishHere().catch(reject);
        else if (next < order.length && current < 0) start();
      });
      feed();
    };
    // Every worker gone with work left (they could not start): finish on this thread.
    const finishHere = async (): Promise<void> => {
      while (next < order.length) {
        const i = order[next++]!;
        settle(i, await runTask(tasks[i]!));
      }
    };
    for (let i = 0; i < jobs; i++) start();
  });
}

function totalSize(tasks: LintTask[]): number {
  let bytes = 0;
  for (const t of tasks) {
    for (const f of t.dir.files) {
      try {
        bytes += fs.statSync(f.absPath).size;
      } catch {
        // Reading it will report the problem.
      }
    }
  }
  return bytes;
}

function crashed(task: LintTask, detail: string): TaskResult {
  const file = task.dir.files[0]?.displayPath ?? task.dir.dir;
  return { findings: [], errors: [{ file, message: `internal error while linting this directory: ${detail}`, internal: true }], files: 0, bytes: 0, lines: 0 };
}
