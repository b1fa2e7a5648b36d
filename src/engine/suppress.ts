import type { Node } from 'web-tree-sitter';
import type { LineIndex } from './positions.js';
import type { SourceFile } from '../rule-api.js';
import type { Finding } from '../types.js';
import { closest, didYouMean } from './did-you-mean.js';

/**
 * Inline suppressions, in the forms Go developers already write:
 *   //nolint                      every rule (golangci-lint users' habit), also `//nolint:all`
 *   //nolint:gohazard             every rule of ours
 *   //nolint:lost-cancel // why   the named rules
 *   //gohazard:ignore lost-cancel why        our own form, same scoping as //nolint
 *   //gohazard:file-ignore lost-cancel why   the whole file
 * A directive at the end of a line covers the statement that ends on that line; a directive on a line
 * of its own covers the whole statement or declaration that starts on the next code line (a function,
 * a var block), as golangci-lint scopes //nolint.
 * Only files that have findings are scanned, so the common case costs nothing, unless the `directive`
 * rule runs: then every file that spells a directive is, for directives naming unknown rules and
 * directives that suppress nothing.
 */

const DIRECTIVE = /\/\/\s*(nolint\b|gohazard:ignore\b|gohazard:file-ignore\b)([^\n]*)/g;

/** Nodes that hold a sequence of statements or declarations: a directive covers one member, never
 * the whole run that happens to start on the same line. */
const CONTAINERS = new Set(['source_file', 'block', 'statement_list']);

interface Directive {
  /** undefined = every rule */
  rules: Set<string> | undefined;
  fromRow: number;
  toRow: number;
  comment: Node;
  kind: string;
  /** The names as written (lower-cased for //nolint). */
  names: string[];
}

/** What the directive rule needs to judge a file's directives: every rule id of ours, and those that ran. */
export interface DirectiveCheck {
  known: ReadonlySet<string>;
  active: ReadonlySet<string>;
}

/** A directive that does not do what it says, for the `directive` rule to report. */
export interface DirectiveProblem {
  node: Node;
  messageId: 'unknownRule' | 'unused';
  data: Record<string, string>;
}

export interface Suppressed {
  kept: Finding[];
  problems: DirectiveProblem[];
}

/** `findings` less the suppressed ones. With `check`, also the problems of the file's directives; `dropped`
 * (findings the place policy leaves out) then count as suppressed, so their directives are not unused. */
export function applySuppressions(file: SourceFile, lines: LineIndex, findings: Finding[], check?: DirectiveCheck, dropped: readonly Finding[] = []): Suppressed {
  const directives = collectDirectives(file, lines);
  const problems = check ? directiveProblems(directives, [...findings, ...dropped], check) : [];
  return { kept: directives.length === 0 ? findings : unsuppressed(directives, findings), problems };
}

function unsuppressed(directives: Directive[], findings: Finding[]): Finding[] {
  // Rows covered for every rule and per rule, merged into sorted runs: a file with many findings and many
  // directives cost findings × directives when each finding tried every directive.
  const everyRule = new RowRuns();
  const perRule = new Map<string, RowRuns>();
  for (const d of directives) {
    if (!d.rules) everyRule.add(d.fromRow, d.toRow);
    else for (const r of d.rules) (perRule.get(r) ?? perRule.set(r, new RowRuns()).get(r)!).add(d.fromRow, d.toRow);
  }
  return findings.filter((f) => {
    const row = f.start.line - 1;
    return !everyRule.covers(row) && !perRule.get(f.ruleId)?.covers(row);
  });
}

/** A set of row ranges, answering "is this row in one?" by binary search over the merged ranges. */
class RowRuns {
  private ranges: Array<[number, number]> = [];
  private merged: Array<[number, number]> | undefined;

  add(from: number, to: number): void {
    this.ranges.push([from, to]);
    this.merged = undefined;
  }

  covers(row: number): boolean {
    const runs = (this.merged ??= merge(this.ranges));
    let lo = 0;
    let hi = runs.length;
    // The last run starting at or before the row.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid]![0] <= row) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && runs[lo - 1]![1] >= row;
  }
}

function merge(ranges: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

function collectDirectives(file: SourceFile, lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  const root = file.tree.rootNode;
  for (const match of file.text.matchAll(DIRECTIVE)) {
    const offset = match.index;
    const comment = root.descendantForIndex(offset);
    if (!comment || comment.type !== 'comment' || comment.startIndex !== offset) continue;
    const kind = match[1]!;
    const names = parseNames(kind, match[2] ?? '');
    if (names === null) continue;
    const rules = names.length === 0 || names.includes('all') || (kind === 'nolint' && names.includes('gohazard')) ? undefined : new Set(names);
    const row = lines.rowOf(offset);
    if (kind === 'gohazard:file-ignore') {
      out.push({ rules, fromRow: 0, toRow: Number.MAX_SAFE_INTEGER, comment, kind, names });
      continue;
    }
    const [fromRow, toRow] = ownLine(lines, row, offset) ? nextNodeRows(root, lines, row) : statementRows(root, comment, row);
    out.push({ rules, fromRow, toRow, comment, kind, names });
  }
  return out;
}

/** The names a directive lists ([] for a bare //nolint); null when it is malformed. */
function parseNames(kind: string, rest: string): string[] | null {
  if (kind === 'nolint') {
    if (!rest.startsWith(':')) return rest === '' || /^\s/.test(rest) ? [] : null;
    return rest.slice(1).split(/\s/, 1)[0]!.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  }
  const names = rest.trim().split(/\s+/, 1)[0] ?? '';
  if (names === '') return null;
  return names.split(',').filter(Boolean);
}

/**
 * Unknown names, and directives that suppress nothing. A //nolint list may name other linters' checks
 * (`errcheck`): a name there is ours to report only when it is a near miss of one of our ids, and a
 * directive is judged unused only when it names our rules alone and all of them ran.
 */
function directiveProblems(directives: Directive[], findings: readonly Finding[], check: DirectiveCheck): DirectiveProblem[] {
  const problems: DirectiveProblem[] = [];
  const judged: Directive[] = [];
  const ours = [...check.known].filter((id) => id !== 'directive');
  for (const d of directives) {
    let onlyOurs = d.names.length > 0 && !(d.kind === 'nolint' && d.names.includes('all'));
    for (const name of d.names) {
      if (check.known.has(name) || (d.kind === 'nolint' && name === 'gohazard')) continue;
      onlyOurs = false;
      if (d.kind === 'nolint' && closest(name, check.known) === undefined) continue;
      problems.push({ node: d.comment, messageId: 'unknownRule', data: { name, hint: didYouMean(name, check.known) } });
    }
    const named = d.rules ? [...d.rules] : ours;
    if (onlyOurs && named.every((id) => check.active.has(id))) judged.push(d);
  }
  const used = usedDirectives(judged, findings);
  for (const d of judged) {
    if (used.has(d)) continue;
    const rules = d.rules ? [...d.rules].join(', ') : 'any gohazard rule';
    problems.push({ node: d.comment, messageId: 'unused', data: { rules } });
  }
  return problems;
}

/** The directives that cover a finding of a rule they name: one sweep over the rows per rule, so many
 * findings and many directives cost their sum, not their product. */
function usedDirectives(directives: Directive[], findings: readonly Finding[]): Set<Directive> {
  const used = new Set<Directive>();
  if (directives.length === 0) return used;
  const rowsOf = new Map<string, number[]>();
  for (const f of findings) (rowsOf.get(f.ruleId) ?? rowsOf.set(f.ruleId, []).get(f.ruleId)!).push(f.start.line - 1);
  const sweep = (ds: Directive[], rows: number[]): void => {
    ds.sort((a, b) => a.fromRow - b.fromRow);
    rows.sort((a, b) => a - b);
    let next = 0;
    for (const row of rows) {
      // Every directive opened so far either covers this row or ended before it (and so every later row).
      for (; next < ds.length && ds[next]!.fromRow <= row; next++) if (ds[next]!.toRow >= row) used.add(ds[next]!);
    }
  };
  sweep(directives.filter((d) => !d.rules), [...rowsOf.values()].flat());
  for (const [rule, rows] of rowsOf) sweep(directives.filter((d) => d.rules?.has(rule)), rows);
  return used;
}

function ownLine(lines: LineIndex, row: number, offset: number): boolean {
  const text = lines.lineText(row);
  return text.slice(0, offset - lines.offsetOfRow(row)).trim() === '';
}

/** Rows of the outermost node starting on the next line that holds code (comments are skipped). */
function nextNodeRows(root: Node, lines: LineIndex, row: number): [number, number] {
  for (let r = row + 1; r < lines.lineCount && r <= row + 50; r++) {
    const text = lines.lineText(r);
    const indent = text.search(/\S/);
    if (indent === -1) return [row, row];
    let node = root.descendantForIndex(lines.offsetOfRow(r) + indent);
    if (!node) return [row, row];
    if (node.type === 'comment') continue;
    while (node.parent && node.parent.startIndex === node.startIndex && !CONTAINERS.has(node.parent.type)) node = node.parent;
    return [row, node.endPosition.row];
  }
  return [row, row];
}

/** Rows of the statement or declaration that ends on the directive's line. */
function statementRows(root: Node, comment: Node, row: number): [number, number] {
  let node: Node | null = comment.previousSibling ?? root.descendantForIndex(Math.max(0, comment.startIndex - 1));
  let from = row;
  while (node && node.type !== 'source_file' && node.endPosition.row === row) {
    if (node.type !== 'block' && node.type !== 'statement_list') from = Math.min(from, node.startPosition.row);
    node = node.parent;
  }
  return [from, row];
}
