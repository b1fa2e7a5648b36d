import type { Node } from 'web-tree-sitter';
import { argumentsOf, parameterNames } from '../../src/analysis/calls.js';
import { resolveInPackage } from '../../src/analysis/package-scope.js';
import { references, resolve, type Binding } from '../../src/analysis/scopes.js';
import { ancestors } from '../../src/analysis/syntax.js';
import type { GoPackage, SourceFile } from '../../src/rule-api.js';

/**
 * Whether the child context of a WithTimeout/WithDeadline goes to work that outlives the function's path:
 * it is used inside a `go` statement (an argument, or captured by the started literal), or passed to a
 * function of the package that starts a goroutine with that parameter (one hop: `performDuties(slotCtx)`
 * spawning one goroutine per duty). Cancelling at the end of the path would cut that work off, so
 * the deadline is the release the author chose; the leak lasts until it passes, by design.
 */
export function handedToGoroutine(pkg: GoPackage, file: SourceFile, child: Node, after: number): boolean {
  const binding = child.type === 'identifier' ? resolve(file, child) : undefined;
  if (!binding) return false;
  return usesAfter(file, binding, after).some((use) => inGoStatement(use, binding.scope.node) || passedToSpawner(pkg, file, use));
}

function usesAfter(file: SourceFile, binding: Binding, after: number): Node[] {
  return references(file, binding).filter((u) => u.startIndex >= after);
}

/** Inside a `go` statement that sits within `owner` (the scope declaring the context): a goroutine this
 * code starts, not the one it runs in. */
function inGoStatement(use: Node, owner: Node): boolean {
  const chain = ancestors(use);
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== owner.id; i--) {
    if (chain[i]!.type === 'go_statement') return true;
  }
  return false;
}

/** `f(..., use, ...)` where `f` is a function of the package whose parameter at that position is used in a
 * `go` statement of its body. */
function passedToSpawner(pkg: GoPackage, file: SourceFile, use: Node): boolean {
  const args = use.parent;
  const call = args?.type === 'argument_list' ? args.parent : null;
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (callee?.type !== 'identifier') return false;
  const found = resolveInPackage(pkg, file, callee);
  const decl = found?.binding.kind === 'func' && found.binding.scope.kind === 'package' ? found.binding.node.parent : null;
  if (decl?.type !== 'function_declaration') return false;
  const index = argumentsOf(call!).findIndex((a) => a.id === use.id);
  const param = index < 0 ? undefined : parameterNames(decl)[index];
  const paramBinding = param ? resolve(found!.file, param) : undefined;
  return paramBinding !== undefined && references(found!.file, paramBinding).some((u) => u.id !== param!.id && inGoStatement(u, decl));
}
