import type { Node, Tree } from 'web-tree-sitter';
import type { Level, RuleMeta, RuleOptions } from './types.js';

/**
 * What a rule sees and how it reports. The engine parses every file of a Go package, then walks each
 * file once (one tree-sitter Query over the node types that the enabled rules asked for) and calls
 * each rule's handler for that node type, in source order. Nodes inside ERROR subtrees are never
 * dispatched: rules do not guess about code that did not parse.
 */

export interface SourceFile {
  /** The path as shown to the user (relative to cwd, or the --stdin-filename). */
  path: string;
  /** The source as parsed (a leading BOM kept; invalid UTF-8 replaced by U+FFFD). */
  text: string;
  tree: Tree;
  /** Whether the file name ends in _test.go. */
  isTest: boolean;
  /** The name in the package clause ('' when missing). */
  packageName: string;
}

/** The files of one Go package: one directory, one package clause (external _test packages apart). */
export interface GoPackage {
  dir: string;
  name: string;
  files: SourceFile[];
}

export interface RuleContext {
  file: SourceFile;
  pkg: GoPackage;
  /** The rule's option values (see RuleMeta.options), defaults filled in. */
  options: RuleOptions;
  /** Report a finding whose region is the node's range. */
  report(node: Node, message: string): void;
}

/** Handlers keyed by tree-sitter node type; `file:exit` runs after the file's walk. */
export type Visitor = { [nodeType: string]: ((node: Node) => void) | undefined };

export interface Rule {
  meta: RuleMeta;
  /**
   * Files whose text does not match are skipped by this rule. Most files cannot hold the hazard
   * (no `WithCancel` in them, say), and a regex over the text is far cheaper than the query captures
   * and node objects the rule would otherwise get: on the standard library the call_expression
   * captures alone cost a third of the parse.
   */
  textFilter?: RegExp;
  /**
   * What the text filter is tested on: each file alone (the default), or the whole package, for a rule
   * whose answer for one file depends on the others (a map declared in one file and written in another
   * is one finding; the declaring file alone may not spell what the filter looks for).
   */
  textFilterScope?: 'file' | 'package';
  create(ctx: RuleContext): Visitor;
}

/** A rule switched on, at the level the config gives it. */
export interface ActiveRule {
  rule: Rule;
  level: Level;
  /** The rule's option values; its defaults when left out. */
  options?: RuleOptions;
}
