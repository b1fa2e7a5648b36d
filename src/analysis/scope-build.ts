import type { Node } from 'web-tree-sitter';
import type { Binding, BindingKind, Scope } from './scope-types.js';

/**
 * Walks one top-level declaration and binds every `identifier` in it to its declaration, following
 * Go's block scoping. Iterative (an explicit task stack, pushed in reverse so tasks run in source
 * order): real code nests a thousand levels deep. Order matters because a `:=` variable is only in
 * scope after its statement: in `x := x + 1` the right-hand `x` is the outer one.
 */

/** Lookups remembered per file (a few tens of MB at most). */
const MAX_REMEMBERED = 1_000_000;

/** Elements beyond which a literal is first checked for any identifier at all. */
const BIG_LITERAL = 256;

type Task =
  | { op: 'visit'; node: Node; scope: Scope; mapKeys?: boolean }
  | { op: 'declare'; names: Node[]; scope: Scope; kind: BindingKind }
  | { op: 'shortVar'; left: Node; scope: Scope };

export class ScopeBuilder {
  private readonly stack: Task[] = [];
  /** How many declarations of each name this builder has made: a remembered lookup of a name is good
   * until the next one. */
  private readonly declarations = new Map<string, number>();
  /** Remembered lookups per scope. Walking the scope chain for every identifier cost depth × uses, minutes
   * for a name used at each of 10,000 nested levels; remembered, each scope walks up for a name once. The
   * number remembered is capped: many names used once at the bottom of a deep nest would otherwise hold
   * names × depth entries; past the cap lookups walk, as they always did. */
  private remembered = 0;

  constructor(private readonly bindingOf: Map<number, Binding>) {}

  /** Binds the identifiers of `node` (a top-level declaration) against `pkg`. */
  build(node: Node, pkg: Scope): void {
    this.stack.push({ op: 'visit', node, scope: pkg });
    for (let task = this.stack.pop(); task; task = this.stack.pop()) {
      if (task.op === 'declare') for (const n of task.names) this.declare(n, task.scope, task.kind);
      else if (task.op === 'shortVar') this.shortVar(task.left, task.scope);
      else this.visit(task.node, task.scope, task.mapKeys ?? false);
    }
  }

  /** Schedules tasks to run in the given order. Arrays, never spread arguments: a literal can have
   * hundreds of thousands of elements, more than a call's argument limit. */
  private then(tasks: Task[]): void {
    for (let i = tasks.length - 1; i >= 0; i--) this.stack.push(tasks[i]!);
  }

  private visitAll(nodes: Array<Node | null>, scope: Scope, into: Task[] = []): Task[] {
    for (const node of nodes) if (node) into.push({ op: 'visit', node, scope });
    return into;
  }

  private visit(node: Node, scope: Scope, mapKeys: boolean): void {
    switch (node.type) {
      case 'identifier':
        return this.use(node, scope);
      case 'function_declaration':
      case 'method_declaration':
      case 'func_literal':
        return this.func(node, scope);
      case 'block':
      case 'if_statement':
      case 'for_statement':
      case 'expression_switch_statement':
      case 'select_statement':
      case 'expression_case':
      case 'default_case':
      case 'type_case':
      case 'communication_case':
        return this.then(this.visitAll(node.namedChildren, newScope('block', node, scope)));
      case 'type_switch_statement':
        return this.typeSwitch(node, newScope('block', node, scope));
      case 'range_clause':
      case 'receive_statement':
        return this.maybeDeclaring(node, scope);
      case 'short_var_declaration':
        return this.then([
          ...this.visitAll([node.childForFieldName('right')], scope),
          { op: 'shortVar', left: node.childForFieldName('left')!, scope },
        ]);
      case 'var_spec':
      case 'const_spec':
        return this.spec(node, scope);
      case 'parameter_declaration':
      case 'variadic_parameter_declaration':
        // Reached only inside a function type (`func(ctx context.Context)`): those names declare nothing.
        return this.then(this.visitAll([node.childForFieldName('type')], scope));
      case 'composite_literal':
        return this.compositeLiteral(node, scope);
      case 'literal_value':
        return this.literalValue(node, scope, mapKeys);
      case 'comment':
        return;
      default:
        return this.then(this.visitAll(node.namedChildren, scope));
    }
  }

  private func(node: Node, outer: Scope): void {
    const scope = newScope('function', node, outer);
    const tasks: Task[] = [];
    const lists: Array<[string, BindingKind]> = [
      ['type_parameters', 'type-param'],
      ['receiver', 'receiver'],
      ['parameters', 'param'],
      ['result', 'result'],
    ];
    for (const [field, kind] of lists) {
      const list = node.childForFieldName(field);
      if (!list) continue;
      if (list.type !== 'parameter_list' && list.type !== 'type_parameter_list') {
        tasks.push({ op: 'visit', node: list, scope });
        continue;
      }
      for (const param of list.namedChildren) {
        this.visitAll([param.childForFieldName('type')], scope, tasks);
        tasks.push({ op: 'declare', names: param.childrenForFieldName('name'), scope, kind });
      }
    }
    // The body's top level is the function's own scope: a `:=` there cannot redeclare a parameter.
    const body = node.childForFieldName('body');
    if (body) this.visitAll(body.namedChildren, scope, tasks);
    this.then(tasks);
  }

  private typeSwitch(node: Node, scope: Scope): void {
    const alias = node.childForFieldName('alias');
    const cases = node.namedChildren.filter((c) => c.type === 'type_case' || c.type === 'default_case');
    const tasks = this.visitAll([node.childForFieldName('initializer'), node.childForFieldName('value')], scope);
    tasks.push({ op: 'declare', names: alias ? alias.namedChildren : [], scope, kind: 'type-switch' });
    this.then(this.visitAll(cases, scope, tasks));
  }

  /** `for k, v := range xs` and `case v, ok := <-ch` declare; their `=` forms assign. */
  private maybeDeclaring(node: Node, scope: Scope): void {
    const left = node.childForFieldName('left');
    const declares = node.children.some((c) => c.type === ':=');
    if (!left || !declares) return this.then(this.visitAll(node.namedChildren, scope));
    const kind: BindingKind = node.type === 'range_clause' ? 'range' : 'var';
    const tasks = this.visitAll([node.childForFieldName('right')], scope);
    tasks.push({ op: 'declare', names: left.namedChildren, scope, kind });
    this.then(tasks);
  }

  private spec(node: Node, scope: Scope): void {
    const tasks = this.visitAll([node.childForFieldName('type'), node.childForFieldName('value')], scope);
    // Package-level names were declared up front: they are visible in the whole package block.
    if (scope.kind !== 'package') {
      const kind: BindingKind = node.type === 'const_spec' ? 'const' : 'var';
      tasks.push({ op: 'declare', names: node.childrenForFieldName('name'), scope, kind });
    }
    this.then(tasks);
  }

  private compositeLiteral(node: Node, scope: Scope): void {
    const type = node.childForFieldName('type');
    const body = node.childForFieldName('body');
    const tasks = this.visitAll([type], scope);
    if (body) tasks.push({ op: 'visit', node: body, scope, mapKeys: type?.type === 'map_type' });
    this.then(tasks);
  }

  /** In a struct literal `{cancel: cancel}` the key is a field name, not a use of a variable. Without
   * types an elided inner literal's kind is unknown; those keys are taken as field names too. */
  private literalValue(node: Node, scope: Scope, mapKeys: boolean): void {
    // Embedded tables (`[]byte{0x1f, 0x8b, ...}`) can hold hundreds of thousands of constants;
    // one search inside the parser is far cheaper than visiting each element from JavaScript.
    if (node.namedChildCount > BIG_LITERAL && node.descendantsOfType('identifier').length === 0) return;
    const tasks: Task[] = [];
    for (const element of node.namedChildren) {
      if (element.type !== 'keyed_element') {
        this.visitAll([element], scope, tasks);
        continue;
      }
      const key = element.childForFieldName('key');
      const bareName = key?.namedChildCount === 1 && key.namedChild(0)?.type === 'identifier';
      if (mapKeys || !bareName) this.visitAll([key], scope, tasks);
      this.visitAll([element.childForFieldName('value')], scope, tasks);
    }
    this.then(tasks);
  }

  private use(ident: Node, scope: Scope): void {
    if (ident.text === '_') return;
    const binding = this.lookup(scope, ident.text);
    if (!binding) return;
    this.bindingOf.set(ident.id, binding);
    binding.uses.push(ident);
  }

  private declare(ident: Node, scope: Scope, kind: BindingKind): void {
    if (ident.type !== 'identifier' || ident.text === '_') return;
    const binding: Binding = { name: ident.text, kind, node: ident, scope, uses: [] };
    scope.names.set(binding.name, binding);
    this.declarations.set(binding.name, (this.declarations.get(binding.name) ?? 0) + 1);
    this.bindingOf.set(ident.id, binding);
  }

  /** The binding `name` has in `scope`: its own, else the nearest enclosing scope's. */
  private lookup(scope: Scope, name: string): Binding | undefined {
    if (this.remembered >= MAX_REMEMBERED) return walkUp(scope, name);
    const version = this.declarations.get(name) ?? 0;
    const passed: Scope[] = [];
    let found: Binding | undefined;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      found = s.names.get(name);
      if (found) break;
      const known = s.remembered?.get(name);
      if (known?.version === version) {
        found = known.binding;
        break;
      }
      passed.push(s);
    }
    this.remembered += passed.length;
    for (const s of passed) (s.remembered ??= new Map()).set(name, { version, binding: found });
    return found;
  }

  /** `a, b := f()` declares only the names new to this very scope; the others are assigned. */
  private shortVar(left: Node, scope: Scope): void {
    for (const ident of left.namedChildren) {
      if (ident.type !== 'identifier') continue;
      if (scope.names.has(ident.text)) this.use(ident, scope);
      else this.declare(ident, scope, 'var');
    }
  }
}

function walkUp(scope: Scope, name: string): Binding | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const binding = s.names.get(name);
    if (binding) return binding;
  }
  return undefined;
}

export function newScope(kind: Scope['kind'], node: Node, parent: Scope | undefined): Scope {
  return { kind, node, parent, names: new Map() };
}
