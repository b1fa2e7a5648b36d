import type { Tree } from 'web-tree-sitter';
import type { PlacePolicy } from '../types.js';
import type { FactStore } from './fact-store.js';

/** The data model of the code being linted, from load to rules: a file and the package it belongs to. */

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
  /** The package's fact store (the same object for every file of the package). */
  store: FactStore;
}

/** What the loader knows of the module a package belongs to: its nearest go.mod. */
export interface ModuleInfo {
  /** The directory holding go.mod. */
  dir: string;
  /** The module path ('' when go.mod has none). */
  path: string;
  /** The `go` directive, e.g. "1.23" or "1.22.3"; undefined when go.mod has none. */
  go?: string;
  /** The `toolchain` directive, e.g. "go1.24.1". */
  toolchain?: string;
}

/** The files of one Go package: one directory, one package clause (external _test packages apart). */
export interface GoPackage {
  /** Absolute. */
  dir: string;
  name: string;
  files: SourceFile[];
  /** The module around the package; undefined when no go.mod was found above it. */
  module?: ModuleInfo;
  /** What the configuration says about the program the package belongs to; undefined: the defaults. */
  settings?: PackageSettings;
  /** The package's fact store. */
  store: FactStore;
}

/** Program-level settings from the config that applies to the package's directory (`.gohazard.json`),
 * read by the program facts (program.ts). Plain data: the engine copies it from the Config. */
export interface PackageSettings {
  /** Config `testSupport`: more directory names, or path prefixes relative to the module root, whose
   * code is test support (added to TEST_SUPPORT_DIRS; see test-support.ts). */
  testSupport?: readonly string[];
  /** Config `places`: what becomes of findings in test support and in commands (DEFAULT_PLACES when
   * absent). Read by the engine, not by rules. */
  places?: PlacePolicy;
}
