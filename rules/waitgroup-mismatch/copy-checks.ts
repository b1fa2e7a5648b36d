import type { Node } from 'web-tree-sitter';
import { codeText } from '../../src/analysis/code-text.js';
import { defineFact } from '../../src/analysis/fact-store.js';
import { topLevelOf, unparen } from '../../src/analysis/syntax.js';
import type { GoPackage, RuleContext, Visitor } from '../../src/rule-api.js';
import { WAIT_GROUP } from './typed-calls.js';
import { assignmentCopies, holderTypeNames, parameterCopy, rangeCopy, returnCopy } from './value-copies.js';

/**
 * waitgroup-mismatch's copy checks: a sync.WaitGroup, or a struct of the package holding one by
 * value, passed, ranged over, assigned or returned by value (value-copies.ts answers whether each is
 * a copy that matters). The visitor for one file, or none where the file names neither the type nor
 * a holder: every declaration it visits is a question to typeOf.
 */
export function copyVisitor(ctx: RuleContext): Visitor {
  if (!ctx.file.text.includes('WaitGroup') && !mentionsHolder(ctx)) return {};
  // A plain `=` or a return copies a WaitGroup only in a function that names the type or a holder
  // (its receiver, a parameter, a local's type): the rest are not asked of typeOf, which would
  // otherwise build scopes for every large file that merely mentions a WaitGroup somewhere.
  const inCopyingFunction = functionsNamingHolders(ctx);
  return {
    parameter_declaration: (param) => checkParameter(ctx, param),
    range_clause: (clause) => checkRangeCopy(ctx, clause),
    short_var_declaration: (decl) => checkAssignCopy(ctx, decl),
    var_spec: (spec) => checkAssignCopy(ctx, spec),
    assignment_statement: (stmt) => {
      if (inCopyingFunction(stmt)) checkAssignCopy(ctx, stmt);
    },
    return_statement: (stmt) => {
      if (inCopyingFunction(stmt)) checkReturnCopy(ctx, stmt);
    },
  };
}

function checkParameter(ctx: RuleContext, param: Node): void {
  const copy = parameterCopy(ctx.pkg, ctx.file, param, WAIT_GROUP);
  if (!copy) return;
  const name = param.childrenForFieldName('name')[0]?.text ?? 'the parameter';
  if (copy.kind === 'direct') {
    return ctx.report({ node: param, messageId: 'paramCopy', data: { name } });
  }
  const method = param.parent?.parent;
  const what = method?.type === 'method_declaration' && method.childForFieldName('receiver')?.id === param.parent?.id ? 'value receiver' : 'parameter';
  ctx.report({ node: param, messageId: 'holderCopy', data: { what, name, type: copy.typeText } });
}

function checkRangeCopy(ctx: RuleContext, clause: Node): void {
  const copy = rangeCopy(ctx.pkg, ctx.file, clause, WAIT_GROUP);
  if (!copy) return;
  const what = copy.kind === 'direct' ? 'each sync.WaitGroup' : `each ${copy.typeText} with its sync.WaitGroup`;
  ctx.report({ node: copy.variable, messageId: 'rangeCopy', data: { name: codeText(copy.variable), what } });
}

function checkAssignCopy(ctx: RuleContext, decl: Node): void {
  for (const { target, source, kind, typeText } of assignmentCopies(ctx.pkg, ctx.file, decl, WAIT_GROUP)) {
    const data = { target: codeText(target), source: codeText(source), type: typeText, fix: pointerTo(source) };
    ctx.report({ node: target, messageId: kind === 'direct' ? 'assignCopy' : 'holderAssignCopy', data });
  }
}

function checkReturnCopy(ctx: RuleContext, stmt: Node): void {
  const results = stmt.namedChildren.find((c) => c.type === 'expression_list')?.namedChildren ?? [];
  for (const result of results) {
    const copy = returnCopy(ctx.pkg, ctx.file, result, WAIT_GROUP);
    if (!copy) continue;
    const what = copy.kind === 'direct' ? 'the sync.WaitGroup' : `the ${copy.typeText} with its sync.WaitGroup`;
    ctx.report({ node: result, messageId: 'returnCopy', data: { expr: codeText(result), what, fix: pointerTo(unparen(result)) } });
  }
}

/** The pointer that shares a value: `p` for `*p`, else `&x`. */
function pointerTo(source: Node): string {
  const operand = source.type === 'unary_expression' && source.childForFieldName('operator')?.text === '*' ? source.childForFieldName('operand') : null;
  return operand ? codeText(operand) : `&${codeText(source)}`;
}

const HOLDERS = defineFact<GoPackage, RegExp | null>('waitgroup-holder-names', (pkg) => {
  const names = holderTypeNames(pkg, WAIT_GROUP);
  return names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\b`) : null;
});

/** Whether the top-level function or method around a statement names sync.WaitGroup or a holder
 * type (a literal inside it sees its receiver and parameters); each declaration's text is tested once. */
function functionsNamingHolders(ctx: RuleContext): (stmt: Node) => boolean {
  const holders = ctx.pkg.store.get(HOLDERS, ctx.pkg);
  const answers = new Map<number, boolean>();
  return (stmt) => {
    const fn = topLevelOf(stmt);
    if (fn.type !== 'function_declaration' && fn.type !== 'method_declaration') return false;
    let yes = answers.get(fn.id);
    if (yes === undefined) {
      const text = fn.text;
      answers.set(fn.id, (yes = text.includes('WaitGroup') || (holders !== null && holders.test(text))));
    }
    return yes;
  };
}

/** Whether the file names a struct type of the package that holds a WaitGroup by value. */
function mentionsHolder(ctx: RuleContext): boolean {
  const re = ctx.pkg.store.get(HOLDERS, ctx.pkg);
  return re !== null && re.test(ctx.file.text);
}
