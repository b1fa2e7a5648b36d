import { createRequire } from 'node:module';

/** The CLI's view of its process: streams, and the tool's name and version for the reports. */

/** A stream to write text to. `done` must be called once the text is written (with the error if not). */
export interface TextSink {
  write(text: string, done?: (err?: Error | null) => void): unknown;
}

export interface CliIo {
  cwd: string;
  /** Standard input, or a reader for it (called only when `-` or --stdin-filename asks for it). A
   * reader may throw: an InputError (over the size limit) or a file system error. */
  stdin?: Buffer | (() => Buffer);
  stdout: TextSink;
  stderr: TextSink;
  env?: Record<string, string | undefined>;
  /** Whether stdout is a terminal (text colour and the summary line by default). */
  isTTY?: boolean;
  /** Whether stderr is a terminal: only then does a long run show a progress line there. */
  stderrIsTTY?: boolean;
}

const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string; homepage: string };
export const TOOL = { name: 'gohazard', version: pkg.version, informationUri: pkg.homepage };

export function helpUri(ruleId: string): string {
  return `${pkg.homepage}/blob/main/docs/rules/${ruleId}.md`;
}

/** Writes text to a sink; rejects with the sink's error. */
export function write(sink: TextSink, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
