import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../rule-api.js';
import { defineFact } from './fact-store.js';
import { receiverTypeName, resolveInPackage, type PackageRef } from './package-scope.js';
import { typeOf } from './type-of.js';

/**
 * Calls between the functions and methods of one package, without types: a package function by its
 * binding, a method by its name (the one method of that name in the package, or the one whose receiver
 * is the operand's evident type). Both directions are read from one index of the package's calls,
 * built once: linear in the size of the package.
 */

interface CallIndex {
  /** Method declarations by name. */
  methods: Map<string, PackageRef[]>;
  /** Calls by the callee's last name (`f(...)`, `x.f(...)`). */
  calls: Map<string, PackageRef[]>;
}

const CALL_INDEX = defineFact<GoPackage, CallIndex>('http-call-index', (pkg) => {
  const index: CallIndex = { methods: new Map(), calls: new Map() };
  const add = (map: Map<string, PackageRef[]>, name: string, ref: PackageRef) => {
    const list = map.get(name);
    if (list) list.push(ref);
    else map.set(name, [ref]);
  };
  for (const file of pkg.files) {
    for (const top of file.tree.rootNode.namedChildren) {
      const name = top.type === 'method_declaration' ? top.childForFieldName('name')?.text : undefined;
      if (name) add(index.methods, name, { file, node: top });
    }
    for (const call of file.tree.rootNode.descendantsOfType('call_expression')) {
      const callee = call.childForFieldName('function');
      const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : undefined;
      if (name) add(index.calls, name, { file, node: call });
    }
  }
  return index;
});

/** The function or method declaration of the package that a call calls, when it can be told. */
export function calledDeclaration(pkg: GoPackage, file: SourceFile, call: Node): PackageRef | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'identifier') {
    const found = resolveInPackage(pkg, file, callee);
    const decl = found?.binding.kind === 'func' && found.binding.scope.kind === 'package' ? found.binding.node.parent : undefined;
    return decl?.type === 'function_declaration' ? { file: found!.file, node: decl } : undefined;
  }
  if (callee?.type !== 'selector_expression') return undefined;
  const methods = pkg.store.get(CALL_INDEX, pkg).methods.get(callee.childForFieldName('field')?.text ?? '') ?? [];
  if (methods.length <= 1) return methods[0];
  const operand = callee.childForFieldName('operand');
  const type = operand ? typeOf(pkg, file, operand) : undefined;
  let node: Node | null | undefined = type?.node;
  while (node && (node.type === 'pointer_type' || node.type === 'generic_type')) node = node.type === 'generic_type' ? node.childForFieldName('type') : node.namedChild(0);
  const owner = node?.type === 'type_identifier' ? node.text : undefined;
  const matching = owner ? methods.filter((m) => receiverTypeName(m.node) === owner) : [];
  return matching.length === 1 ? matching[0] : undefined;
}

/** The calls in the package that call the declaration (a function or a method). */
export function callsOf(pkg: GoPackage, decl: PackageRef): PackageRef[] {
  const name = decl.node.childForFieldName('name')?.text;
  const candidates = name ? (pkg.store.get(CALL_INDEX, pkg).calls.get(name) ?? []) : [];
  return candidates.filter((c) => {
    const target = calledDeclaration(pkg, c.file, c.node);
    return target?.node.id === decl.node.id && target.file === decl.file;
  });
}

/** The parameter names of a function or method declaration, in order (`a, b int` gives two). */
export function parameterNames(decl: Node): Node[] {
  const params = (decl.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type === 'parameter_declaration');
  return params.flatMap((p) => p.childrenForFieldName('name'));
}

/** The arguments of a call, comments left out. */
export function argumentsOf(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
}
