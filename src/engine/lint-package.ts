import type { Node } from 'web-tree-sitter';
import { goParser } from '../../grammars/go.js';
import { parseGo } from '../../grammars/new-expr.js';
import { attachStore, FactStore } from '../analysis/fact-store.js';
import { Facts } from '../analysis/facts.js';
import { knownRuleIds, optionValues } from './active-rules.js';
import { forEachNodeOfTypes } from './dispatch.js';
import { lineHashes } from '../format/fingerprint.js';
import { LineIndex } from './positions.js';
import type { ActiveRule, Diagnostic, GoPackage, ModuleInfo, PackagePass, RuleContext, SourceFile } from '../rule-api.js';
import { applySuppressions, type DirectiveCheck } from './suppress.js';
import { isTestPlace, placeOf } from '../analysis/place.js';
import type { PackageSettings } from '../analysis/source.js';
import { DEFAULT_PLACES, type FileError, type Finding, type PlacePolicy, type RuleMeta, type RuleOptions } from '../types.js';

export type { ActiveRule } from '../rule-api.js';

export interface PackageInput {
  dir: string;
  name: string;
  files: Array<{ path: string; text: string; isTest: boolean; packageName: string }>;
  module?: ModuleInfo | undefined;
  /** The config's program settings (test-support directories, place policy). */
  settings?: PackageSettings | undefined;
  /** The paths to report on; the other files are context (parsed when first read, findings dropped).
   * Every file when undefined. */
  reported?: ReadonlySet<string> | undefined;
}

export interface PackageResult {
  findings: Finding[];
  /** Internal errors: a rule that threw. The other rules and files still ran. */
  errors: FileError[];
}

/** Parses every file of one Go package, runs the active rules (per-file visitors, then package phases),
 * applies inline suppressions. `onFile` hears each file's path as its parse and its rules start (the
 * worker watchdog names the file it was on). */
export async function lintPackage(input: PackageInput, active: readonly ActiveRule[], onFile?: (path: string) => void): Promise<PackageResult> {
  const parser = await goParser();
  const store = new FactStore();
  const files: SourceFile[] = [];
  const { reported } = input;
  try {
    for (const f of input.files) {
      onFile?.(f.path);
      const tree = parseGo(parser, f.text);
      attachStore(tree, store);
      files.push({ path: f.path, text: f.text, tree, isTest: f.isTest, packageName: f.packageName, store });
    }
    const pkg: GoPackage = { dir: input.dir, name: input.name, files, store };
    if (input.module) pkg.module = input.module;
    if (input.settings) pkg.settings = input.settings;
    const run = new PackageRun(pkg, new Facts(pkg), { ...DEFAULT_PLACES, ...input.settings?.places });
    for (const file of files) {
      // A context file's findings are dropped: its visitors matter only to a rule whose package phase
      // may use what they saw.
      const rules = !reported || reported.has(file.path) ? active : active.filter((a) => a.rule.checkPackage);
      if (rules.length === 0) continue;
      onFile?.(file.path);
      run.lintFile(file, rules);
    }
    for (const a of active) run.checkPackage(a);
    return run.finish(active, reported);
  } finally {
    // Without delete() the WASM heap reaches its cap and aborts after a few thousand files.
    for (const f of files) f.tree.delete();
  }
}

type Handler = { ruleId: string; fn: (node: Node) => void };

/** One package's rules at work: the raw findings per file until suppressions apply at the end. */
class PackageRun {
  private readonly raw = new Map<SourceFile, Finding[]>();
  /** Findings the place policy leaves out: they still make the directives over them used. */
  private readonly dropped = new Map<SourceFile, Finding[]>();
  private readonly lines = new Map<SourceFile, LineIndex>();
  private readonly failed = new Set<string>();
  private readonly errors: FileError[] = [];

  constructor(
    private readonly pkg: GoPackage,
    private readonly facts: Facts,
    private readonly places: PlacePolicy,
  ) {}

  lintFile(file: SourceFile, active: readonly ActiveRule[]): void {
    // Every finding in a test-support file would be left out: its visitors need not run (package
    // phases still see the file, and may use it as context for other files).
    if (this.places.test === 'off' && isTestPlace(this.pkg, file)) return;
    const handlers = new Map<string, Handler[]>();
    const exits: Handler[] = [];
    for (const a of active) {
      const { rule } = a;
      if (!rule.create || (rule.textFilter && !rule.checkPackage && !rule.textFilter.test(file.text))) continue;
      const ctx: RuleContext = { file, pkg: this.pkg, facts: this.facts, options: optionsOf(a), report: (d) => this.report(a, file, d) };
      const visitor = this.guard(rule.meta.id, file, () => rule.create!(ctx));
      if (!visitor) continue;
      for (const [type, fn] of Object.entries(visitor)) {
        if (!fn) continue;
        if (type === 'file:exit') exits.push({ ruleId: rule.meta.id, fn });
        else handlers.set(type, [...(handlers.get(type) ?? []), { ruleId: rule.meta.id, fn }]);
      }
    }
    const root = file.tree.rootNode;
    forEachNodeOfTypes(root, [...handlers.keys()], (node) => {
      for (const h of handlers.get(node.type) ?? []) this.guard(h.ruleId, file, () => h.fn(node));
    });
    for (const h of exits) this.guard(h.ruleId, file, () => h.fn(root));
  }

  /** The rule's package phase, when it has one and the package's text passes its filter. */
  checkPackage(a: ActiveRule): void {
    const { rule } = a;
    if (!rule.checkPackage || this.pkg.files.length === 0) return;
    if (rule.textFilter && !this.pkg.files.some((f) => rule.textFilter!.test(f.text))) return;
    const pass: PackagePass = { pkg: this.pkg, facts: this.facts, options: optionsOf(a), report: (file, d) => this.report(a, file, d) };
    this.guard(rule.meta.id, this.pkg.files[0]!, () => rule.checkPackage!(pass));
  }

  /** The findings of the reported files (all files when undefined), suppressed and fingerprinted, with
   * the `directive` rule's findings about the directives when it is active. */
  finish(active: readonly ActiveRule[], reported?: ReadonlySet<string>): PackageResult {
    const findings: Finding[] = [];
    const directive = active.find((a) => a.rule.meta.id === 'directive');
    const check: DirectiveCheck | undefined = directive && { known: knownRuleIds, active: new Set(active.map((a) => a.rule.meta.id)) };
    for (const file of this.pkg.files) {
      if (reported && !reported.has(file.path)) continue;
      const raw = this.raw.get(file) ?? [];
      if (raw.length === 0 && !(check && MAY_HOLD_DIRECTIVE.test(file.text))) continue;
      const lines = this.lineIndex(file);
      const { kept, problems } = applySuppressions(file, lines, raw, check, this.dropped.get(file));
      this.raw.delete(file);
      for (const p of problems) this.guard('directive', file, () => this.report(directive!, file, p));
      findings.push(...fingerprinted(file, lines, [...kept, ...(this.raw.get(file) ?? [])]));
    }
    return { findings, errors: this.errors };
  }

  private report(a: ActiveRule, file: SourceFile, d: Diagnostic): void {
    const meta = a.rule.meta;
    const place = placeOf(this.pkg, file, d.node);
    const setting = place === 'service' ? 'report' : this.places[place];
    const lines = this.lineIndex(file);
    const finding: Finding = {
      ruleId: meta.id,
      level: setting === 'note' ? 'note' : a.level,
      message: formatMessage(meta, d),
      messageId: d.messageId,
      file: file.path,
      start: lines.position(d.node.startPosition),
      end: lines.position(d.node.endPosition),
      fingerprint: '',
    };
    if (setting === 'off') {
      push(this.dropped, file, finding);
      return;
    }
    if (place !== 'service') finding.place = place;
    if (d.related && d.related.length > 0) {
      finding.related = d.related.map((r) => {
        const where = r.file ?? file;
        const at = this.lineIndex(where);
        return { file: where.path, start: at.position(r.node.startPosition), end: at.position(r.node.endPosition), message: r.message };
      });
    }
    push(this.raw, file, finding);
  }

  private lineIndex(file: SourceFile): LineIndex {
    let index = this.lines.get(file);
    if (!index) this.lines.set(file, (index = new LineIndex(file.text)));
    return index;
  }

  /** Runs rule code; a rule that throws is reported once as an internal error and runs no more in this package. */
  private guard<T>(ruleId: string, file: SourceFile, fn: () => T): T | undefined {
    if (this.failed.has(ruleId)) return undefined;
    try {
      return fn();
    } catch (err) {
      this.failed.add(ruleId);
      this.errors.push(internalError(file.path, ruleId, err));
      return undefined;
    }
  }
}

function optionsOf(a: ActiveRule): RuleOptions {
  return a.options ?? optionValues(a.rule.meta.options);
}

/** The message of `meta.messages[messageId]`, its `{name}` placeholders filled from `data`. An unknown id or
 * a placeholder without data is a bug in the rule, and throws. */
export function formatMessage(meta: RuleMeta, d: Pick<Diagnostic, 'messageId' | 'data'>): string {
  const template = meta.messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} has no message ${d.messageId}`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = d.data?.[name];
    if (value === undefined) throw new Error(`message ${meta.id}/${d.messageId} needs {${name}}`);
    return String(value);
  });
}

/** A cheap test before a file is scanned for directives (see suppress.ts). */
const MAY_HOLD_DIRECTIVE = /nolint|gohazard:/;

function push(into: Map<SourceFile, Finding[]>, file: SourceFile, finding: Finding): void {
  const list = into.get(file);
  if (list) list.push(finding);
  else into.set(file, [finding]);
}

/** Sets each finding's fingerprint. */
function fingerprinted(file: SourceFile, lines: LineIndex, kept: Finding[]): Finding[] {
  if (kept.length === 0) return kept;
  const hashes = lineHashes(file.text);
  const toGithubLine = githubLines(file.text, lines);
  for (const f of kept) f.fingerprint = hashes[toGithubLine(f.start.line) - 1] ?? '';
  return kept;
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

function internalError(path: string, ruleId: string, err: unknown): FileError {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { file: path, message: `internal error in rule ${ruleId}: ${detail}`, internal: true };
}
