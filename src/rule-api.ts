import type { Node } from 'web-tree-sitter';
import type { Facts } from './analysis/facts.js';
import type { GoPackage, SourceFile } from './analysis/source.js';
import type { Level, RuleMeta, RuleOptions } from './types.js';

export type { GoPackage, ModuleInfo, SourceFile } from './analysis/source.js';
export type { Facts } from './analysis/facts.js';

/**
 * What a rule sees and how it reports (the `Pass` of go/analysis, the `context` of ESLint). The engine
 * parses every file of a Go package, builds one facts object for it, then runs each rule: its per-file
 * visitors (one tree-sitter Query over the node types the visitors name, in source order) and then its
 * package phase. Nodes inside ERROR subtrees are never dispatched: rules do not guess about code that
 * did not parse.
 */

/** A place a finding points to besides its own: the write that makes a map grow, the path that skips a
 * cancel. SARIF shows them as related locations; text output stays one line. */
export interface RelatedLocation {
  node: Node;
  /** The file holding `node`; the finding's own file when left out. */
  file?: SourceFile;
  message: string;
}

/** A finding as a rule reports it. The message is `meta.messages[messageId]` with `{name}` placeholders
 * filled from `data`. */
export interface Diagnostic {
  node: Node;
  messageId: string;
  data?: Readonly<Record<string, string | number>>;
  related?: RelatedLocation[];
}

export interface RuleContext {
  file: SourceFile;
  pkg: GoPackage;
  facts: Facts;
  /** The rule's option values (see RuleMeta.options), defaults filled in. */
  options: RuleOptions;
  report(diagnostic: Diagnostic): void;
}

/** The package phase: every file of the package at once. */
export interface PackagePass {
  pkg: GoPackage;
  facts: Facts;
  options: RuleOptions;
  /** Reports in `file` (the file the node belongs to). */
  report(file: SourceFile, diagnostic: Diagnostic): void;
}

/** Handlers keyed by tree-sitter node type; `file:exit` runs after the file's walk. */
export type Visitor = { [nodeType: string]: ((node: Node) => void) | undefined };

export interface Rule {
  meta: RuleMeta;
  /**
   * A cheap test of the text that can hold the hazard (no `WithCancel` in it, say): a regex over the
   * text is far cheaper than the query captures and node objects the rule would otherwise get. It is
   * tested on the unit the rule analyses: each file for a rule with only per-file visitors, the whole
   * package for a rule with a package phase (a map declared in one file may be written in another).
   */
  textFilter?: RegExp;
  /** Per-file visitors. */
  create?(ctx: RuleContext): Visitor;
  /** The package phase: runs once per package, after the per-file visitors of every file. */
  checkPackage?(pass: PackagePass): void;
}

/** A rule switched on, at the level the config gives it. */
export interface ActiveRule {
  rule: Rule;
  level: Level;
  /** The rule's option values; its defaults when left out. */
  options?: RuleOptions;
}
