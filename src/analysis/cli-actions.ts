import type { Node } from 'web-tree-sitter';
import { importTable } from './imports.js';
import { kongRunMethods } from './kong-actions.js';
import { nodeIndex } from './node-index.js';
import { resolveInPackage } from './package-scope.js';
import { resolve } from './scopes.js';
import { defineFact, storeOf } from './fact-store.js';
import { unparen } from './syntax.js';
import { importPathOf } from './module-imports.js';
import { nodesSpelled } from './text-search.js';
import type { SourceFile as AnyFile } from './source.js';
import type { GoPackage, SourceFile } from './source.js';

/**
 * The command actions of CLI frameworks: functions the framework calls on the goroutine that runs the
 * command line, which is the program's main goroutine (main calls `Execute`/`Run` and returns when the
 * command does). They are the program's real entry points when `main` is one line. Found from the
 * file's imports, so an alias (`cc "github.com/spf13/cobra"`) counts and a local name that shadows the
 * import does not.
 */

/** A framework's command type and the fields of it that hold actions. */
interface CommandType {
  /** Import paths of the package declaring the type. */
  paths: readonly string[];
  /** The name the package clause gives, when it is not the last element of its path. */
  packageName?: string;
  types: readonly string[];
  fields: readonly string[];
}

const COBRA_FIELDS = ['Run', 'RunE', 'PreRun', 'PreRunE', 'PersistentPreRun', 'PersistentPreRunE', 'PostRun', 'PostRunE', 'PersistentPostRun', 'PersistentPostRunE'];

/** spf13/cobra: `&cobra.Command{RunE: run}`; the pre- and post-runs run on the same goroutine as Run. */
export const COBRA: CommandType = { paths: ['github.com/spf13/cobra'], types: ['Command'], fields: COBRA_FIELDS };
/** urfave/cli v1, v2, v3: `&cli.App{Action: run}`, `&cli.Command{Action: run}`, with Before and After. */
export const URFAVE_CLI: CommandType = {
  paths: ['github.com/urfave/cli', 'github.com/urfave/cli/v2', 'github.com/urfave/cli/v3'],
  types: ['App', 'Command'],
  fields: ['Action', 'Before', 'After'],
};
/** caddy's command registry: `caddycmd.RegisterCommand(caddycmd.Command{Name: "run", Func: cmdRun})`,
 * called from init() of a library package; `caddy run` then calls Func on the main goroutine. */
export const CADDY: CommandType = { paths: ['github.com/caddyserver/caddy/v2/cmd'], packageName: 'caddycmd', types: ['Command'], fields: ['Func'] };

/** Every framework whose command actions count as entry points. */
export const COMMAND_TYPES: readonly CommandType[] = [COBRA, URFAVE_CLI, CADDY];

/** caddy's adapter for cobra commands: `cmd.RunE = caddycmd.WrapCommandFuncForCobra(cmdRun)`. */
const CADDY_WRAPPERS = ['WrapCommandFuncForCobra'];

/** What the framework calls: a function literal written in place, an identifier naming a function, or
 * a method the framework calls by its name (kong's `Run`, kong-actions.ts). */
export interface ActionValue {
  file: SourceFile;
  node: Node;
}

/** Every action value in the package's non-test files (the test binary is another program). */
export function cliActions(pkg: GoPackage): ActionValue[] {
  const out: ActionValue[] = [];
  // `cmd.Run = f` may sit in a file that does not import cobra, the command being declared in another.
  const cobraPackage = pkg.files.some((f) => !f.isTest && localNames(f, COBRA).length > 0);
  // The framework's own package (caddy's cmd) writes its command type unqualified: `Command{Func: f}`.
  const own = COMMAND_TYPES.find((t) => t.paths.includes((pkg.module && importPathOf(pkg.module, pkg.dir)) ?? ''));
  for (const file of pkg.files) {
    if (file.isTest) continue;
    const kinds = COMMAND_TYPES.map((t) => ({ t, names: localNames(file, t) })).filter((k) => k.names.length > 0);
    if (kinds.length === 0 && !cobraPackage && !own) continue;
    const index = nodeIndex(file.tree);
    for (const lit of index.ofType('composite_literal')) {
      const type = lit.childForFieldName('type');
      const body = lit.childForFieldName('body');
      if (own && body && isOwnCommandType(file, type, own)) actionFields(pkg, file, body, own, out);
      const kind = kinds.find((k) => isCommandType(file, type, k.t, k.names));
      if (kind && body) actionFields(pkg, file, body, kind.t, out);
      // `[]*cli.Command{{Name: "get", Action: get}}`: the elements' type is elided.
      const elements = kinds.find((k) => isCommandType(file, elementType(type), k.t, k.names));
      if (!elements || !body) continue;
      for (const el of body.namedChildren) {
        const value = el.type === 'literal_element' ? el.namedChild(0) : el.type === 'keyed_element' ? el.childForFieldName('value')?.namedChild(0) : null;
        if (value?.type === 'literal_value') actionFields(pkg, file, value, elements.t, out);
      }
    }
    if (cobraPackage) for (const stmt of index.ofType('assignment_statement')) cobraAssignment(pkg, file, stmt, out);
    // urfave/cli: `app.Action = geth`, the app made by a helper (`app := flags.NewApp(...)`) in a file that
    // imports the framework, whose App and Command are the only types with these fields there.
    if (kinds.some((k) => k.t === URFAVE_CLI)) for (const stmt of index.ofType('assignment_statement')) urfaveAssignment(file, stmt, out);
    const caddy = kinds.find((k) => k.t === CADDY);
    if (caddy) {
      for (const call of index.ofType('call_expression')) {
        const fn = call.childForFieldName('function');
        if (fn?.type !== 'selector_expression' || !CADDY_WRAPPERS.includes(fn.childForFieldName('field')?.text ?? '')) continue;
        if (!isImportRef(file, fn.childForFieldName('operand'), caddy.names)) continue;
        const arg = call.childForFieldName('arguments')?.namedChildren.find((c) => c.type !== 'comment');
        if (arg) push(out, file, arg);
      }
    }
  }
  out.push(...kongRunMethods(pkg));
  return out;
}

/** The action fields of one command literal's body. */
function actionFields(pkg: GoPackage, file: SourceFile, body: Node, t: CommandType, out: ActionValue[]): void {
  for (const el of body.namedChildren) {
    if (el.type !== 'keyed_element') continue;
    const key = el.childForFieldName('key')?.namedChild(0);
    const value = el.childForFieldName('value')?.namedChild(0);
    if (key?.type === 'identifier' && t.fields.includes(key.text) && value) push(out, file, ownWrapperArgument(pkg, file, value));
  }
}

/** A type with pointers and parentheses taken off (`*cobra.Command` → `cobra.Command`). */
function pointee(type: Node | null): Node | null {
  let n = type;
  while (n && (n.type === 'pointer_type' || n.type === 'parenthesized_type')) n = n.namedChild(0);
  return n;
}

/** `Command` or `*Command` written unqualified, naming the package's own type (not a local one). */
function isOwnCommandType(file: AnyFile, type: Node | null, t: CommandType): boolean {
  const n = pointee(type);
  return n?.type === 'type_identifier' && t.types.includes(n.text) && !shadowedAt(file, n.text, n);
}

/** The element type of a slice, array or map type (`[]*cli.Command`, `map[string]*cli.Command`). */
function elementType(type: Node | null): Node | null {
  if (type?.type === 'slice_type' || type?.type === 'array_type' || type?.type === 'implicit_length_array_type' || type?.type === 'map_type') {
    return type.childForFieldName('element') ?? type.childForFieldName('value');
  }
  return null;
}

function push(out: ActionValue[], file: SourceFile, value: Node): void {
  const node = unparen(value);
  if (node.type === 'func_literal' || node.type === 'identifier') out.push({ file, node });
}

/** The names the file gives the framework's package (dot imports are not followed). */
function localNames(file: AnyFile, type: CommandType): string[] {
  return importTable(file)
    .filter((e) => !e.dot && type.paths.includes(e.path))
    .map((e) => (e.spec.childForFieldName('name') || !type.packageName ? e.localName : type.packageName));
}

/** `pkg.Command` or `*pkg.Command` with `pkg` one of `names` and not shadowed at that point. */
function isCommandType(file: AnyFile, type: Node | null, t: CommandType, names: readonly string[]): boolean {
  const n = pointee(type);
  if (n?.type !== 'qualified_type') return false;
  const pkg = n.childForFieldName('package');
  const name = n.childForFieldName('name');
  return !!pkg && !!name && t.types.includes(name.text) && names.includes(pkg.text) && !shadowedAt(file, pkg.text, n);
}

/** An identifier operand naming the import (isPackageRef, with the names worked out here). */
function isImportRef(file: AnyFile, ident: Node | null, names: readonly string[]): boolean {
  if (ident?.type !== 'identifier' || !names.includes(ident.text)) return false;
  const binding = resolve(file, ident);
  return binding === undefined || binding.scope.kind === 'package';
}

/**
 * Whether a local declaration of `name` is in scope at `at`. Asked of a package name in a type (`cobra`
 * in `cobra.Command{}`), which scope resolution does not visit: a local variable of that name makes the
 * text refer to the variable, not the import. The file's local declarations of the name are found once.
 */
function shadowedAt(file: AnyFile, name: string, at: Node): boolean {
  return localDeclarations(file, name).some((d) => d.start < at.startIndex && d.scopeStart <= at.startIndex && at.endIndex <= d.scopeEnd);
}

interface LocalDecl {
  start: number;
  scopeStart: number;
  scopeEnd: number;
}

const LOCAL_DECLS = defineFact<AnyFile, Map<string, LocalDecl[]>>('cli-actions-local-decls', () => new Map());

function localDeclarations(file: AnyFile, name: string): LocalDecl[] {
  const byName = storeOf(file.tree).get(LOCAL_DECLS, file);
  let decls = byName.get(name);
  if (decls) return decls;
  decls = [];
  for (const ident of nodesSpelled(file, name, ['identifier'])) {
    const b = resolve(file, ident);
    if (b && b.node.id === ident.id && b.scope.kind !== 'package') {
      decls.push({ start: ident.startIndex, scopeStart: b.scope.node.startIndex, scopeEnd: b.scope.node.endIndex });
    }
  }
  byName.set(name, decls);
  return decls;
}

/** `cmd.RunE = run` where `cmd` is declared as a cobra Command: by its type, or by the literal it is
 * initialised with. */
function cobraAssignment(pkg: GoPackage, file: SourceFile, stmt: Node, out: ActionValue[]): void {
  // Only a plain `=` stores a function (`+=` and the like do not apply to one).
  const left0 = stmt.childForFieldName('left');
  if (!left0 || left0.nextSibling?.type !== '=') return;
  const left = stmt.childForFieldName('left')?.namedChildren ?? [];
  const right = stmt.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== right.length) return;
  left.forEach((target, i) => {
    if (target.type !== 'selector_expression' || !COBRA.fields.includes(target.childForFieldName('field')?.text ?? '')) return;
    const operand = target.childForFieldName('operand');
    if (operand?.type !== 'identifier') return;
    const decl = resolveInPackage(pkg, file, operand);
    if (decl && declaresCommand(decl.file, decl.binding.node)) push(out, file, ownWrapperArgument(pkg, file, right[i]!));
  });
}

function urfaveAssignment(file: SourceFile, stmt: Node, out: ActionValue[]): void {
  const left0 = stmt.childForFieldName('left');
  if (!left0 || left0.nextSibling?.type !== '=') return;
  const left = left0.namedChildren;
  const right = stmt.childForFieldName('right')?.namedChildren ?? [];
  if (left.length !== right.length) return;
  left.forEach((target, i) => {
    if (target.type !== 'selector_expression' || !URFAVE_CLI.fields.includes(target.childForFieldName('field')?.text ?? '')) return;
    if (target.childForFieldName('operand')?.type === 'identifier') push(out, file, right[i]!);
  });
}

/** Inside caddy's cmd package itself the adapter is called unqualified (`cmd.RunE =
 * WrapCommandFuncForCobra(cmdRun)`, a function of this package): the action is its argument. */
function ownWrapperArgument(pkg: GoPackage, file: SourceFile, value: Node): Node {
  const call = unparen(value);
  const callee = call.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (callee?.type !== 'identifier' || !CADDY_WRAPPERS.includes(callee.text)) return value;
  if (resolveInPackage(pkg, file, callee)?.binding.kind !== 'func') return value;
  return call.childForFieldName('arguments')?.namedChildren.find((c) => c.type !== 'comment') ?? value;
}

/** Whether the declaring identifier's declaration makes it a cobra Command (or a pointer to one). */
function declaresCommand(file: AnyFile, ident: Node): boolean {
  const names = localNames(file, COBRA);
  const decl = ident.parent;
  if (!decl || names.length === 0) return false;
  if (decl.type === 'parameter_declaration' || (decl.type === 'var_spec' && decl.childForFieldName('type'))) {
    return isCommandType(file, decl.childForFieldName('type'), COBRA, names);
  }
  let names_: Node[];
  let values: Node[];
  if (decl.type === 'var_spec') {
    names_ = decl.childrenForFieldName('name');
    values = decl.childForFieldName('value')?.namedChildren ?? [];
  } else if (decl.type === 'expression_list' && decl.parent?.type === 'short_var_declaration') {
    names_ = decl.namedChildren;
    values = decl.parent.childForFieldName('right')?.namedChildren ?? [];
  } else return false;
  const value = values[names_.findIndex((c) => c.id === ident.id)];
  return !!value && isCommandValue(file, value, names);
}

/** `&cobra.Command{...}` or `cobra.Command{...}`. */
function isCommandValue(file: AnyFile, value: Node, names: readonly string[]): boolean {
  let v = unparen(value);
  if (v.type === 'unary_expression' && v.childForFieldName('operator')?.text === '&') v = unparen(v.childForFieldName('operand') ?? v);
  return v.type === 'composite_literal' && isCommandType(file, v.childForFieldName('type'), COBRA, names);
}
