import type { Node } from 'web-tree-sitter';
import type { FactSpec } from './fact-store.js';
import { flowGraph, type FlowGraph } from './flow-graph.js';
import { importTable, type ImportEntry } from './imports.js';
import { nodeIndex, type NodeIndex } from './node-index.js';
import { methodsOf, packageDecl, packageReferences, resolveInPackage, type PackageBinding, type PackageRef } from './package-scope.js';
import { PROGRAM, type ProgramFacts } from './program.js';
import { declaringFunction, packageBindings, references, resolve, type Binding } from './scopes.js';
import type { GoPackage, SourceFile } from './source.js';

/**
 * The one facts object a rule asks (ruff's `checker.semantic()`, go/analysis's `pass.ResultOf`). Each
 * answer is computed on first use and at most once per package, and kept in the package's FactStore.
 */

export interface FileScopes {
  /** The binding an identifier refers to or declares, if declared in this file. */
  resolve(ident: Node): Binding | undefined;
  /** Every identifier referring to `binding`, in source order. */
  references(binding: Binding): Node[];
  /** The file's package-level declarations by name. */
  packageBindings(): ReadonlyMap<string, Binding>;
  declaringFunction(binding: Binding): Node | undefined;
}

export interface PackageScope {
  decl(name: string): PackageBinding | undefined;
  /** What an identifier of `file` refers to at package level, in any file of the package. */
  resolve(file: SourceFile, ident: Node): PackageBinding | undefined;
  references(name: string): PackageRef[];
  methodsOf(typeName: string): PackageRef[];
}

export class Facts {
  readonly packageScope: PackageScope;

  constructor(readonly pkg: GoPackage) {
    this.packageScope = {
      decl: (name) => packageDecl(pkg, name),
      resolve: (file, ident) => resolveInPackage(pkg, file, ident),
      references: (name) => packageReferences(pkg, name),
      methodsOf: (typeName) => methodsOf(pkg, typeName),
    };
  }

  get program(): ProgramFacts {
    return this.pkg.store.get(PROGRAM, this.pkg);
  }

  imports(file: SourceFile): readonly ImportEntry[] {
    return importTable(file);
  }

  scopes(file: SourceFile): FileScopes {
    return {
      resolve: (ident) => resolve(file, ident),
      references: (binding) => references(file, binding),
      packageBindings: () => packageBindings(file),
      declaringFunction,
    };
  }

  /** The control-flow graph of a function; undefined when it has no body. */
  flow(fn: Node): FlowGraph | undefined {
    return flowGraph(fn);
  }

  index(file: SourceFile): NodeIndex {
    return nodeIndex(file.tree);
  }

  /** A rule's own fact, declared with defineFact beside the rule and kept in the package's store. */
  get<S extends object, T>(spec: FactSpec<S, T>, subject: S): T {
    return this.pkg.store.get(spec, subject);
  }
}
