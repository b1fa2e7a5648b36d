import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../rule-api.js';
import { valueAssignedTo } from './assigned-values.js';
import { packageReferences, resolveInPackage, type PackageRef } from './package-scope.js';
import { references, resolve } from './scopes.js';
import { enclosingFunction } from './syntax.js';
import { typeOf, type TypeRef } from './type-of.js';
import { argumentsOf, calledDeclaration, parameterNames } from './calls.js';

/**
 * Where a value made at one place is used: "is every request sent through this client bounded?"
 * needs the calls made on the client wherever it ends up. The value is followed through the
 * variables it is assigned to, the struct fields it is stored in (`s.client = c`, `T{client: c}`;
 * uses are found by field name across the package) and the results of package functions that return
 * it (`c := newClient()`). What is left are its uses: the places where it is the operand of a
 * selector, an argument, and so on, for the caller to judge.
 */

export interface ValueUses {
  /** Each is an expression that evaluates to the value, in a position not followed further. A value
   * that also leaves the package (an exported field or function) has uses there that are not listed. */
  uses: PackageRef[];
}

const MAX_DEPTH = 6;

/** The uses of the value of `expr` (in `file`), followed as described above. */
export function valueUses(pkg: GoPackage, file: SourceFile, expr: Node): ValueUses {
  const out: ValueUses = { uses: [] };
  follow(pkg, { file, node: expr }, out, new Set(), 0);
  return out;
}

function follow(pkg: GoPackage, at: PackageRef, out: ValueUses, seen: Set<string>, depth: number): void {
  const parent = at.node.parent;
  if (depth > MAX_DEPTH || !parent) return void out.uses.push(at);
  if (parent.type === 'parenthesized_expression') return follow(pkg, { file: at.file, node: parent }, out, seen, depth);
  const next = (refs: PackageRef[]) => refs.forEach((r) => follow(pkg, r, out, seen, depth + 1));
  const target = assignmentTarget(at.node);
  if (target?.type === 'identifier') return next(variableUses(pkg, at.file, target, seen));
  if (target?.type === 'selector_expression') {
    const operand = target.childForFieldName('operand');
    const owner = operand ? typeName(typeOf(pkg, at.file, operand)) : undefined;
    return next(fieldUses(pkg, target.childForFieldName('field')!.text, owner, seen));
  }
  const keyed = parent.type === 'literal_element' ? parent.parent : null;
  const key = keyed?.type === 'keyed_element' ? structKey(keyed, parent) : undefined;
  // keyed_element → literal_value → composite_literal, whose type owns the field.
  const literal = keyed?.parent?.parent;
  if (key) return next(fieldUses(pkg, key, literal ? typeName(typeOf(pkg, at.file, literal)) : undefined, seen));
  if (parent.type === 'expression_list' && parent.parent?.type === 'return_statement' && parent.namedChildCount === 1) {
    return next(callerUses(pkg, at, seen));
  }
  const param = parent.type === 'argument_list' ? parameterFor(pkg, at.file, parent, at.node) : undefined;
  if (param) return next(variableUses(pkg, param.file, param.node, seen));
  out.uses.push(at);
}

/** The variable or field that `x = e`, `x := e`, `var x = e` gives the value `e` to. */
function assignmentTarget(value: Node): Node | undefined {
  const list = value.parent;
  const owner = list?.parent;
  if (list?.type !== 'expression_list' || !owner) return undefined;
  let left: Node[] = [];
  if (owner.type === 'var_spec') left = owner.childrenForFieldName('name');
  else if ((owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') && owner.childForFieldName('right')?.id === list.id) {
    left = owner.childForFieldName('left')?.namedChildren ?? [];
  }
  if (left.length !== list.namedChildCount) return undefined;
  const target = left[list.namedChildren.findIndex((n) => n.id === value.id)];
  return target?.type === 'identifier' || target?.type === 'selector_expression' ? target : undefined;
}

/** The reads of a variable (its writes left out), package-wide for a package variable. */
function variableUses(pkg: GoPackage, file: SourceFile, ident: Node, seen: Set<string>): PackageRef[] {
  const binding = resolve(file, ident);
  const id = `var:${file.path}:${binding?.node.startIndex}`;
  if (!binding || seen.has(id)) return [];
  seen.add(id);
  const refs = binding.scope.kind === 'package' ? packageReferences(pkg, binding.name) : references(file, binding).map((node) => ({ file, node }));
  return refs.filter((r) => valueAssignedTo(r.node) === undefined);
}

/** `{name: v}` in a struct literal: the field name (a map literal's keys are not names). */
function structKey(keyed: Node, value: Node): string | undefined {
  if (keyed.childForFieldName('value')?.id !== value.id) return undefined;
  const key = keyed.childForFieldName('key')?.namedChild(0);
  return key?.type === 'identifier' || key?.type === 'field_identifier' ? key.text : undefined;
}

/** Every read of a field of that name in the package (`x.name` not on the left of `=`), leaving out
 * those on a value evidently of another type than `owner` (the struct's name, when known). */
function fieldUses(pkg: GoPackage, name: string, owner: string | undefined, seen: Set<string>): PackageRef[] {
  const id = `field:${owner}.${name}`;
  if (seen.has(id)) return [];
  seen.add(id);
  const found: PackageRef[] = [];
  const pattern = new RegExp(`\\.\\s*${name}\\b`);
  for (const file of pkg.files) {
    if (!pattern.test(file.text)) continue;
    for (const sel of file.tree.rootNode.descendantsOfType('selector_expression')) {
      if (sel.childForFieldName('field')?.text !== name || isWritten(sel) || ofOtherType(pkg, file, sel, owner)) continue;
      found.push({ file, node: sel });
    }
  }
  return found;
}

/** The calls of the function whose `return` hands out the value: `c := newClient()` follows on. */
function callerUses(pkg: GoPackage, at: PackageRef, seen: Set<string>): PackageRef[] {
  const fn = enclosingFunction(at.node);
  const name = fn?.type === 'func_literal' ? undefined : fn?.childForFieldName('name')?.text;
  if (!fn || !name) return [];
  if (seen.has(`func:${name}`)) return [];
  seen.add(`func:${name}`);
  const calls: PackageRef[] = [];
  const method = fn.type === 'method_declaration';
  for (const file of pkg.files) {
    if (!file.text.includes(name)) continue;
    for (const call of file.tree.rootNode.descendantsOfType('call_expression')) {
      const callee = call.childForFieldName('function');
      if (method ? callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === name : callee?.type === 'identifier' && isPackageFunc(pkg, file, callee, name)) {
        calls.push({ file, node: call });
      }
    }
  }
  return calls;
}

function isPackageFunc(pkg: GoPackage, file: SourceFile, callee: Node, name: string): boolean {
  if (callee.text !== name) return false;
  const found = resolveInPackage(pkg, file, callee);
  return found?.binding.kind === 'func' && found.binding.scope.kind === 'package';
}

/** The parameter of a package function or method that an argument is passed to (`fetch(c, url)`,
 * `s.fetch(c, url)`). */
function parameterFor(pkg: GoPackage, file: SourceFile, args: Node, arg: Node): PackageRef | undefined {
  const call = args.parent?.type === 'call_expression' ? args.parent : undefined;
  const decl = call ? calledDeclaration(pkg, file, call) : undefined;
  if (!decl) return undefined;
  const index = argumentsOf(call!).findIndex((a) => a.id === arg.id);
  const name = index >= 0 ? parameterNames(decl.node)[index] : undefined;
  return name && name.text !== '_' ? { file: decl.file, node: name } : undefined;
}

function isWritten(sel: Node): boolean {
  return valueAssignedTo(sel) !== undefined;
}

/** A selector whose operand is evidently of an imported type, or of a local type other than `owner`. */
function ofOtherType(pkg: GoPackage, file: SourceFile, sel: Node, owner: string | undefined): boolean {
  const operand = sel.childForFieldName('operand');
  const type = operand ? typeOf(pkg, file, operand) : undefined;
  if (!type) return false;
  const name = typeName(type);
  return name === undefined || (owner !== undefined && name !== owner);
}

/** The name of a local named type (`T`, `*T`, `T[K]`). */
function typeName(ref: TypeRef | undefined): string | undefined {
  const node = ref?.node.type === 'generic_type' ? ref.node.childForFieldName('type') : ref?.node;
  return node?.type === 'type_identifier' ? node.text : undefined;
}
