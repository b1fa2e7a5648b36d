import type { Node } from 'web-tree-sitter';
import { importedAs, importTable } from '../../src/analysis/imports.js';
import { acquisitionOf } from '../../src/analysis/lifetime.js';
import { followLifetime, type Leak } from '../../src/analysis/lifetime-walk.js';
import type { SourceFile } from '../../src/analysis/source.js';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { allocCall, cFunction, cgoRow, isReleasingC, pointerAround, type AllocApi, type CgoFile } from './cgo-row.js';
import { docs } from './docs.js';
import { handedToC } from './ownership-comment.js';
import { preambleOf } from './preamble.js';
import { appendTarget, storeReleased } from './stored-alloc.js';

export const cgoNotFreed: Rule = {
  meta: {
    id: 'cgo-not-freed',
    name: 'CgoNotFreed',
    summary: 'C memory from C.CString, C.CBytes, C.malloc or C.calloc is not freed on some path (the Go GC never frees C memory), or is passed straight to C and dropped',
    defaultLevel: 'warning',
    tags: ['reliability', 'resource-leak', 'cgo', 'memory', 'go'],
    precision: 'high',
    messages: {
      inline: 'C memory from {api} is passed straight to C.{callee} and never kept, so nobody can free it: {leak}; keep it (p := {api}(...)), defer C.free({unsafe}.Pointer(p)), and pass p',
      dropped: 'C memory from {api} is {how}, so nobody can free it: {leak}; remove the call, or keep the pointer and defer C.free({unsafe}.Pointer(p))',
      neverFreed: 'C memory from {api} in {name} is never freed{blank}: {leak}; defer C.free({unsafe}.Pointer({name})) right after the allocation',
      notFreedOnPath: 'C memory from {api} in {name} is not freed on the path to {where}: {leak} on that path; {fix}',
      overwritten: '{name} holding C memory from {api} is overwritten {where} before it is freed: {leak}; C.free({unsafe}.Pointer({name})) before reusing the variable',
      storedNeverFreed: 'C memory from {api} is stored in {target}, {store}: {leak}; free it where its owner is done with it (a deferred loop of C.free, or the owner\'s Close/Free)',
    },
    docs,
  },
  // Every cgo allocation spells one of these.
  textFilter: /\bC\.(CString|CBytes|malloc|calloc)\b/,
  create(ctx) {
    if (!importTable(ctx.file).some((e) => e.path === 'C')) return {};
    return { call_expression: (call) => check(ctx, call) };
  },
};

function check(ctx: RuleContext, call: Node): void {
  const api = allocCall(ctx.file, call);
  if (!api || handedToC(ctx.file, call)) return;
  const cx: CgoFile = { file: ctx.file, preamble: preambleOf(ctx.pkg) };
  const data = { api, unsafe: unsafeName(ctx.file), leak: leakOf(api, call) };
  const pointer = pointerAround(cx, call);
  const holder = pointer.parent?.type === 'argument_list' ? pointer.parent.parent : null;
  if (holder?.type === 'call_expression') {
    // An argument of a C function that is not told to keep it: the pointer is gone after the call.
    const callee = cFunction(ctx.file, holder);
    if (callee !== undefined && !isReleasingC(cx, callee) && !handedToC(ctx.file, holder)) ctx.report({ node: call, messageId: 'inline', data: { ...data, callee } });
    // `names = append(names, C.CString(s))`: an element of names, as `names[i] = ...` is.
    const slice = callee === undefined ? appendTarget(ctx.file, holder) : undefined;
    const store = slice && storeReleased(ctx.pkg, cx, slice);
    if (store) ctx.report({ node: call, messageId: 'storedNeverFreed', data: { ...data, target: store.target, store: store.why } });
    return;
  }
  // `p, err := C.malloc(n)` is the errno form: err says nothing about p, so there is no error result.
  let row = cgoRow(cx);
  let acq = acquisitionOf(ctx.file, pointer, row);
  if (!acq) acq = acquisitionOf(ctx.file, pointer, (row = cgoRow(cx, 2)));
  if (!acq) return;
  if (acq.kind === 'dropped' || acq.kind === 'discarded') {
    return ctx.report({ node: call, messageId: 'dropped', data: { ...data, how: acq.kind === 'dropped' ? 'dropped' : 'discarded with _' } });
  }
  if (acq.kind === 'stored') {
    const store = storeReleased(ctx.pkg, cx, acq.target);
    if (store) ctx.report({ node: call, messageId: 'storedNeverFreed', data: { ...data, target: store.target, store: store.why } });
    return;
  }
  if (acq.kind !== 'local') return;
  // `var payload unsafe.Pointer // C frees it once sent`: the comment on the declaration covers its allocations.
  if (acq.binding.node.startIndex < acq.statement.startIndex && handedToC(ctx.file, acq.binding.node)) return;
  const life = followLifetime(ctx.file, acq, row);
  const leak = life?.leaks[0];
  if (!life || !leak) return;
  const name = acq.binding.name;
  const exit = life.leaks.find((l) => l.kind === 'exit');
  const related = exit ? [{ node: exit.node, message: exitMessage(exit, name) }] : [];
  const handled = life.uses.some((u) => u.role === 'release' || u.role === 'deferred-release' || u.role === 'transfer');
  const blank = life.blank ? ` (\`_ = ${name}\` only silences the compiler)` : '';
  if (!handled) return ctx.report({ node: call, messageId: 'neverFreed', data: { ...data, name, blank }, related });
  if (leak.kind !== 'exit') {
    const where = leak.kind === 'loop' ? 'by the next loop iteration' : `at line ${line(leak.node)}`;
    const at = leak.kind === 'loop' ? [] : [{ node: leak.node, message: `${name} is overwritten here` }];
    return ctx.report({ node: call, messageId: 'overwritten', data: { ...data, name, where }, related: at });
  }
  const where = leak.node.type === 'return_statement' ? `the return at line ${line(leak.node)}` : `the end of the function at line ${line(leak.node)}`;
  // Where the pointer is handed on (returned, given to a helper) on some path, a defer would free it
  // under its new owner: free it on the leaking path instead.
  const fix = life.uses.some((u) => u.role === 'transfer')
    ? `C.free(${data.unsafe}.Pointer(${name})) on that path before it leaves`
    : `defer C.free(${data.unsafe}.Pointer(${name})) right after the allocation, before any early return`;
  ctx.report({ node: call, messageId: 'notFreedOnPath', data: { ...data, name, where, fix }, related });
}

/** What the leak costs, sized from the allocation's argument where it reads well. */
function leakOf(api: AllocApi, call: Node): string {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  const short = (n: Node | undefined) => (n && n.text.length <= 40 && !n.text.includes('\n') ? n.text : undefined);
  const sizeArg = (n: Node | undefined) => {
    // `C.malloc(C.size_t(n))`: the size is n.
    const inner = n?.type === 'call_expression' && n.childForFieldName('function')?.text === 'C.size_t' ? n.childForFieldName('arguments')?.namedChildren[0] : n;
    return short(inner ?? undefined);
  };
  let size: string | undefined;
  if (api === 'C.CString') size = short(args[0]) && `len(${args[0]!.text})+1 bytes`;
  else if (api === 'C.CBytes') size = short(args[0]) && `len(${args[0]!.text}) bytes`;
  else if (api === 'C.malloc') size = sizeArg(args[0]) && `${sizeArg(args[0])} bytes`;
  else if (args.length === 2 && sizeArg(args[0]) && sizeArg(args[1])) size = `${sizeArg(args[0])}*${sizeArg(args[1])} bytes`;
  return `the Go GC never sees C memory, so every call leaks ${size ?? 'the allocation'} and a long-running node's RSS grows until it is OOM-killed`;
}

/** The name "unsafe" is imported under in the file ("unsafe" when it is not imported yet). */
function unsafeName(file: SourceFile): string {
  return importedAs(file, 'unsafe')[0] ?? 'unsafe';
}

function exitMessage(leak: Leak, name: string): string {
  return leak.node.type === 'return_statement' ? `this return leaves without freeing ${name}` : `the function ends here without freeing ${name}`;
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}
