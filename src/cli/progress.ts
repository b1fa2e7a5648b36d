import type { CliIo } from './io.js';

/**
 * A progress line for long runs, on stderr and only when stderr is a terminal: pipes, CI logs and editor
 * integrations never see it. It appears once the run has taken PROGRESS_AFTER_MS (a quick run shows
 * nothing), is redrawn at most every REDRAW_MS, and is erased before the report is written.
 */
const PROGRESS_AFTER_MS = 3000;
const REDRAW_MS = 250;

export interface Progress {
  update(done: number, total: number): void;
  /** Erases the line, if one was drawn. */
  end(): void;
}

export function progressLine(io: CliIo, now: () => number = Date.now): Progress | undefined {
  if (io.stderrIsTTY !== true) return undefined;
  const after = Number(io.env?.GOHAZARD_PROGRESS_AFTER_MS ?? PROGRESS_AFTER_MS);
  const start = now();
  let drawnAt: number | undefined;
  return {
    update(done, total) {
      const t = now();
      if (t - start < after || (drawnAt !== undefined && t - drawnAt < REDRAW_MS && done < total)) return;
      drawnAt = t;
      io.stderr.write(`\r\x1b[Kgohazard: linted ${done} of ${total} files`);
    },
    end() {
      if (drawnAt !== undefined) io.stderr.write('\r\x1b[K');
    },
  };
}
