import type { Node } from 'web-tree-sitter';

/** Go's kinds of declared names that can appear as an `identifier` in expressions. */
export type BindingKind =
  | 'var'
  | 'const'
  | 'func'
  | 'type'
  | 'param'
  | 'result'
  | 'receiver'
  | 'type-param'
  | 'range'
  | 'type-switch';

export interface Scope {
  /** 'function' holds the parameters, results and the top level of the body (one block in Go). */
  kind: 'package' | 'function' | 'block';
  /** The node that opens the scope: source_file, the function, a block, an if/for/switch, a case. */
  node: Node;
  parent: Scope | undefined;
  names: Map<string, Binding>;
  /** Lookups of names declared further out, remembered by ScopeBuilder with the name's declaration count. */
  remembered?: Map<string, { version: number; binding: Binding | undefined }>;
}

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The declaring identifier. */
  node: Node;
  scope: Scope;
  /** Every identifier that refers to this binding, in source order, the declaration excluded. A `:=`
   * that reuses an existing variable (Go's redeclaration rule) counts as a use. */
  uses: Node[];
}
