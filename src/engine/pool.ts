import { Worker } from 'node:worker_threads';
import { preferQuickStart } from '../../grammars/go.js';
import { fileBudgetMs } from '../walk/resource-policy.js';
import { runTask, taskFiles, taskSize, type LintTask, type TaskResult } from './task.js';

/**
 * Runs lint tasks on worker threads, never on this one: a file can abort tree-sitter's WASM or exhaust a
 * heap, and only a worker can die of that and leave the run able to report. Small runs get one worker
 * (its start-up costs a one-file run about 0.1 s, see README); runs of MIN_FILES_FOR_WORKERS files or more
 * one per job. A watchdog gives each file a time budget: a worker that overruns it, or dies, is
 * terminated, its directory becomes an error naming the file it was on, and a fresh worker carries on.
 */

const MIN_FILES_FOR_WORKERS = 64;
/** Up to this many files and bytes, start-up costs more than parsing: see preferQuickStart. */
const QUICK_START_FILES = 16;
const QUICK_START_BYTES = 1 << 20;

let spare: Worker | undefined;

/** Starts the first worker now, so that its start-up (loading the engine and rules, about 100 ms) runs
 * while this thread reads the config and walks the tree. Unreferenced until used: a run that ends early
 * (a config error) does not wait for it. */
export function prestartWorker(): void {
  spare ??= newWorker();
  spare.unref();
  // A worker that fails to start before it is given work must not crash this thread; once it has work,
  // start()'s own handlers report the failure.
  spare.on('error', () => {});
}

function newWorker(): Worker {
  return new Worker(new URL('./worker.js', import.meta.url));
}

/** Allowance for a worker to start, load the grammar and read its directory before the first file. */
const STARTUP_MS = 30_000;

type WorkerMessage = { id: number; file?: string; result?: TaskResult; error?: string };

/** Told, as each task ends, how many files of how many are done. */
export type OnProgress = (doneFiles: number, totalFiles: number) => void;

export async function runTasks(tasks: LintTask[], jobs: number, onProgress?: OnProgress): Promise<TaskResult[]> {
  if (tasks.length === 0) return [];
  const fileCount = tasks.reduce((n, t) => n + taskFiles(t), 0);
  if (fileCount <= QUICK_START_FILES && tasks.reduce((n, t) => n + taskSize(t), 0) <= QUICK_START_BYTES) preferQuickStart();
  const workers = fileCount < MIN_FILES_FOR_WORKERS ? 1 : Math.min(jobs, tasks.length);
  return runOnWorkers(tasks, Math.max(1, workers), fileBudgetMs(), onProgress);
}

function runOnWorkers(tasks: LintTask[], jobs: number, budgetMs: number, onProgress?: OnProgress): Promise<TaskResult[]> {
  const totalFiles = tasks.reduce((n, t) => n + taskFiles(t), 0);
  let doneFiles = 0;
  const results: TaskResult[] = new Array(tasks.length);
  // Biggest directories first, so one large package does not finish last on an idle pool.
  const order = tasks.map((_, i) => i).sort((a, b) => taskFiles(tasks[b]!) - taskFiles(tasks[a]!));
  let next = 0;
  let done = 0;
  let alive = 0;
  let started = 0;
  return new Promise((resolve, reject) => {
    const settle = (i: number, result: TaskResult): void => {
      results[i] = result;
      doneFiles += taskFiles(tasks[i]!);
      onProgress?.(doneFiles, totalFiles);
      if (++done === tasks.length) resolve(results);
    };
    const start = (): void => {
      alive++;
      started++;
      const worker = spare ?? newWorker();
      spare = undefined;
      worker.ref();
      let current = -1;
      let file: string | undefined;
      let timer: NodeJS.Timeout | undefined;
      let retired = false;
      // Settles the current task as failed and replaces the worker: after a WASM abort its parser is dead.
      const fail = (message: string, internal: boolean): void => {
        clearTimeout(timer);
        if (current >= 0) settle(current, failed(tasks[current]!, file, message, internal));
        current = -1;
        retired = true;
        void worker.terminate();
      };
      // Until the worker names its first file it is starting up and reading (bounded by the read limits).
      const arm = (ms = budgetMs): void => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(`gave up after ${budgetMs / 1000} s (the per-file time budget); the other files of its directory were not linted`, false), ms);
      };
      const feed = (): void => {
        clearTimeout(timer);
        if (next >= order.length) {
          retired = true;
          void worker.terminate();
          return;
        }
        current = order[next++]!;
        file = undefined;
        arm(budgetMs + STARTUP_MS);
        worker.postMessage({ id: current, task: tasks[current] });
      };
      worker.on('message', (msg: WorkerMessage) => {
        if (retired || msg.id !== current) return;
        if (msg.file !== undefined) {
          file = msg.file;
          arm();
          return;
        }
        if (msg.error !== undefined) return fail(...crashMessage(msg.error));
        clearTimeout(timer);
        current = -1;
        settle(msg.id, msg.result!);
        feed();
      });
      worker.on('error', (err) => fail(...crashMessage(err.stack ?? err.message)));
      worker.on('exit', () => {
        clearTimeout(timer);
        alive--;
        if (current >= 0) fail(...crashMessage('the worker thread exited'));
        if (next >= order.length) return;
        // Workers that cannot start at all (no threads here): finish on this thread rather than loop.
        if (alive === 0 && started > tasks.length + jobs) finishHere().catch(reject);
        else if (alive < jobs) start();
      });
      feed();
    };
    const finishHere = async (): Promise<void> => {
      while (next < order.length) {
        const i = order[next++]!;
        settle(i, await runTask(tasks[i]!));
      }
    };
    for (let i = 0; i < jobs; i++) start();
  });
}

/** A WASM abort (tree-sitter's 2 GiB heap) or the worker's JS heap running out is the input's doing (a
 * file too deep or too large); anything else is a bug of ours. */
function crashMessage(detail: string): [string, boolean] {
  if (/\bAborted\b|out of memory|ERR_WORKER_OUT_OF_MEMORY|Maximum call stack|memory access out of bounds/i.test(detail)) {
    return ['ran out of memory on this file (too large or nested too deeply to parse and lint); the other files of its directory were not linted', false];
  }
  return [`internal error while linting this directory: ${detail.split('\n')[0]}`, true];
}

function failed(task: LintTask, file: string | undefined, message: string, internal: boolean): TaskResult {
  const name = file ?? task.stdin?.displayPath ?? task.dir.files[0]?.displayPath ?? task.dir.dir;
  return { findings: [], errors: [{ file: name, message, internal }], files: 0, bytes: 0, lines: 0 };
}
