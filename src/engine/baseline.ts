import path from 'node:path';
import type { Finding } from '../types.js';

/**
 * A baseline: the findings a codebase already had when gohazard was adopted, so that a run reports only
 * new ones. An entry is a rule, a file and the finding's fingerprint (GitHub's line hash of the code at
 * the finding, src/format/fingerprint.ts): it depends on the code, not on the line number, so a finding
 * whose code moved (lines added above it) still matches. Each entry matches one finding: a second copy of
 * the same hazard in the same file is new. Paths are stored relative to the baseline file, so any working
 * directory reads it the same.
 */

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  file: string;
  fingerprint: string;
  /** For the reader of the file; not matched (messages may be reworded). */
  message: string;
}

export class BaselineError extends Error {}

/** The baseline file's text for these findings, sorted, one entry a line (diffs stay readable). */
export function baselineText(findings: readonly Finding[], cwd: string, baselinePath: string): string {
  const entries = findings.map((f) => ({ rule: f.ruleId, file: relativeTo(baselinePath, cwd, f.file), fingerprint: f.fingerprint, message: f.message }));
  entries.sort((a, b) => key(a).localeCompare(key(b)));
  const body = entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  return `{\n  "tool": "gohazard",\n  "version": ${BASELINE_VERSION},\n  "findings": [\n${body}${entries.length > 0 ? '\n' : ''}  ]\n}\n`;
}

/** Reads a baseline's text; throws BaselineError saying what is wrong with it. */
export function parseBaseline(text: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const obj = data as { version?: unknown; findings?: unknown };
  if (typeof data !== 'object' || data === null || obj.version !== BASELINE_VERSION || !Array.isArray(obj.findings)) {
    throw new BaselineError(`not a gohazard baseline (version ${BASELINE_VERSION}); write one with --write-baseline`);
  }
  return obj.findings.map((e: unknown, i) => {
    const entry = e as Partial<BaselineEntry> | null;
    if (typeof entry?.rule !== 'string' || typeof entry.file !== 'string' || typeof entry.fingerprint !== 'string') {
      throw new BaselineError(`entry ${i + 1} needs "rule", "file" and "fingerprint" strings`);
    }
    return { rule: entry.rule, file: entry.file, fingerprint: entry.fingerprint, message: String(entry.message ?? '') };
  });
}

/** The findings no baseline entry accounts for. */
export function newFindings(findings: readonly Finding[], entries: readonly BaselineEntry[], cwd: string, baselinePath: string): Finding[] {
  const left = new Map<string, number>();
  for (const e of entries) left.set(key(e), (left.get(key(e)) ?? 0) + 1);
  return findings.filter((f) => {
    const k = key({ rule: f.ruleId, file: relativeTo(baselinePath, cwd, f.file), fingerprint: f.fingerprint });
    const n = left.get(k) ?? 0;
    if (n === 0) return true;
    left.set(k, n - 1);
    return false;
  });
}

function key(e: Pick<BaselineEntry, 'rule' | 'file' | 'fingerprint'>): string {
  return `${e.file}\0${e.rule}\0${e.fingerprint}`;
}

/** A finding's path (relative to cwd) as seen from the baseline file's directory, '/'-separated. */
function relativeTo(baselinePath: string, cwd: string, file: string): string {
  const rel = path.relative(path.dirname(baselinePath), path.resolve(cwd, file));
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}
