import type { Node, Parser } from 'web-tree-sitter';
import { goParser } from '../../grammars/go.js';
import { parseGo } from '../../grammars/new-expr.js';
import { optionValues } from './active-rules.js';
import { forEachNodeOfTypes } from './dispatch.js';
import { lineHashes } from '../format/fingerprint.js';
import { LineIndex } from './positions.js';
import type { ActiveRule, GoPackage, RuleContext, SourceFile, Visitor } from '../rule-api.js';
import { applySuppressions } from './suppress.js';
import type { FileError, Finding, Level } from '../types.js';

export type { ActiveRule } from '../rule-api.js';

export interface PackageInput {
  dir: string;
  name: string;
  files: Array<{ path: string; text: string; isTest: boolean; packageName: string }>;
}

export interface PackageResult {
  findings: Finding[];
  /** Internal errors: a rule that threw. The other rules and files still ran. */
  errors: FileError[];
}

/** Parses every file of one Go package, runs the active rules, applies inline suppressions. `onFile` hears
 * each file's path as its parse and its rules start (the worker watchdog names the file it was on). */
export async function lintPackage(input: PackageInput, active: readonly ActiveRule[], onFile?: (path: string) => void): Promise<PackageResult> {
  const parser = await goParser();
  const files: SourceFile[] = [];
  try {
    for (const f of input.files) {
      onFile?.(f.path);
      const tree = parseGo(parser, f.text);
      files.push({ path: f.path, text: f.text, tree, isTest: f.isTest, packageName: f.packageName });
    }
    const pkg: GoPackage = { dir: input.dir, name: input.name, files };
    const result: PackageResult = { findings: [], errors: [] };
    const wanted = active.filter(({ rule }) => rule.textFilterScope !== 'package' || !rule.textFilter || files.some((f) => rule.textFilter!.test(f.text)));
    for (const file of files) {
      onFile?.(file.path);
      lintFile(parser, file, pkg, wanted, result);
    }
    return result;
  } finally {
    // Without delete() the WASM heap reaches its cap and aborts after a few thousand files.
    for (const f of files) f.tree.delete();
  }
}

function lintFile(parser: Parser, file: SourceFile, pkg: GoPackage, active: readonly ActiveRule[], out: PackageResult): void {
  const lines = new LineIndex(file.text);
  const raw: Finding[] = [];
  const handlers = new Map<string, Array<{ ruleId: string; fn: (node: Node) => void }>>();
  const exits: Array<{ ruleId: string; fn: (node: Node) => void }> = [];
  for (const { rule, level, options } of active) {
    if (rule.textFilter && rule.textFilterScope !== 'package' && !rule.textFilter.test(file.text)) continue;
    const ctx: RuleContext = {
      file,
      pkg,
      options: options ?? optionValues(rule.meta.options),
      report: (node, message) => raw.push(makeFinding(rule.meta.id, level, message, file.path, node, lines)),
    };
    let visitor: Visitor;
    try {
      visitor = rule.create(ctx);
    } catch (err) {
      out.errors.push(internalError(file.path, rule.meta.id, err));
      continue;
    }
    for (const [type, fn] of Object.entries(visitor)) {
      if (!fn) continue;
      if (type === 'file:exit') exits.push({ ruleId: rule.meta.id, fn });
      else handlers.set(type, [...(handlers.get(type) ?? []), { ruleId: rule.meta.id, fn }]);
    }
  }
  const failed = new Set<string>();
  const call = (h: { ruleId: string; fn: (node: Node) => void }, node: Node) => {
    if (failed.has(h.ruleId)) return;
    try {
      h.fn(node);
    } catch (err) {
      failed.add(h.ruleId);
      out.errors.push(internalError(file.path, h.ruleId, err));
    }
  };
  const root = file.tree.rootNode;
  forEachNodeOfTypes(parser.language!, root, [...handlers.keys()], (node) => {
    for (const h of handlers.get(node.type) ?? []) call(h, node);
  });
  for (const h of exits) call(h, root);
  if (raw.length === 0) return;
  const kept = applySuppressions(file, lines, raw);
  if (kept.length === 0) return;
  const hashes = lineHashes(file.text);
  const toGithubLine = githubLines(file.text, lines);
  for (const f of kept) f.fingerprint = hashes[toGithubLine(f.start.line) - 1] ?? '';
  out.findings.push(...kept);
}

/**
 * GitHub's fingerprint counts a lone `\r` as a line break; Go and tree-sitter do not. The lone ones are
 * found once per file, so a finding costs a binary search, not a scan of the file (which made a file with
 * many findings quadratic).
 */
function githubLines(text: string, lines: LineIndex): (line: number) => number {
  const lone: number[] = [];
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 0x0a) lone.push(i);
  if (lone.length === 0) return (line) => line;
  return (line) => {
    const start = lines.offsetOfRow(line - 1);
    let lo = 0;
    let hi = lone.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lone[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return line + lo;
  };
}

function makeFinding(ruleId: string, level: Level, message: string, path: string, node: Node, lines: LineIndex): Finding {
  return {
    ruleId,
    level,
    message,
    file: path,
    start: lines.position(node.startPosition),
    end: lines.position(node.endPosition),
    fingerprint: '',
  };
}

function internalError(path: string, ruleId: string, err: unknown): FileError {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { file: path, message: `internal error in rule ${ruleId}: ${detail}`, internal: true };
}
