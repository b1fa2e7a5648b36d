import type { FileError, Finding, Level, RuleMeta } from '../types.js';

/**
 * A total order on findings, so that every format is byte-identical across runs whatever order the
 * workers finished in. Strings compare by UTF-16 code unit, never by locale.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export function sortErrors(errors: readonly FileError[]): FileError[] {
  return [...errors].sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.message, b.message));
}

export function sortRules(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...rules].sort((a, b) => compareStrings(a.id, b.id));
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.start.line - b.start.line ||
    a.start.column - b.start.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    a.end.line - b.end.line ||
    a.end.column - b.end.column ||
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    compareStrings(a.message, b.message)
  );
}

/** Most severe first. */
export const LEVEL_RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
