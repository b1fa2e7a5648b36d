import type { Node, Tree } from 'web-tree-sitter';
import { defineFact, storeOf } from '../../src/analysis/fact-store.js';
import { endlessLoopFacts } from './loop-exits.js';
import { inPackageSingletonMethod, processEntry } from '../../src/analysis/process-lifetime.js';
import { runsOncePerProcess } from '../../src/analysis/started-once.js';
import { packageMember } from '../../src/analysis/imports.js';
import { resolveInPackage } from '../../src/analysis/package-scope.js';
import { isImportedType, typeOf } from '../../src/analysis/type-of.js';
import { isFunction, placeNodes, statementsOf, unparen, type Placed } from '../../src/analysis/syntax.js';
import { syntaxErrors } from '../../src/analysis/syntax-errors.js';
import type { Rule, RuleContext } from '../../src/rule-api.js';
import { docs } from './docs.js';
import { EXIT_WORDS, exitWordPattern, exitWordsOption } from './vocabulary.js';

/** The rule over a list of exit words: the built-in one, or (in its unit tests) one with a word left out. */
export function createSelectNoExit(exitWords: readonly string[] = EXIT_WORDS): Rule {
  return {
    meta: {
      id: 'select-no-exit',
      name: 'SelectNoExit',
      summary: 'A for loop around a select that nothing can leave, or a bare select {}: the goroutine can never end',
      defaultLevel: 'warning',
      tags: ['reliability', 'concurrency', 'goroutine-leak', 'go'],
      precision: 'high',
      options: [
        exitWordsOption,
      ],
      messages: {
        loop:
          'for loop around select has no way out (no return, no break or goto leaving the loop, no panic), so the goroutine ' +
          'running it never ends and keeps everything it references alive; add a case that returns, e.g. case <-ctx.Done(): return',
        bareSelect:
          'select {} blocks this goroutine forever, so it never ends and keeps everything it references alive; ' +
          'wait on a context or done channel and return instead, or block forever only in main',
        parkOnFailure:
          'select {} parks this goroutine forever where the function meets a failure, instead of returning it, so the caller ' +
          'never learns of it and waits forever, and everything the goroutine references stays alive; return an error instead',
      },
      docs,
    },
    // Neither hazard exists without a select.
    textFilter: /\bselect\b/,
    create(ctx) {
      // Endless loops inside one that is already reported (or covered): handlers run in source order,
      // so an outer loop is always seen before the loops in its body.
      const covered = new Set<number>();
      const exitWord = exitWordPattern(exitWords, ctx.options);
      return {
        for_statement: (loop) => checkLoop(ctx, loop, covered, exitWord),
        select_statement: (select) => checkBareSelect(ctx, select),
      };
    },
  };
}

export const selectNoExit: Rule = createSelectNoExit();

function checkLoop(ctx: RuleContext, loop: Node, covered: Set<number>, exitWord: RegExp): void {
  const facts = endlessLoopFacts(loop);
  if (!facts) return;
  const trapped = facts.hasSelect && !facts.leaves;
  // One finding per trap: the loops inside an endless loop that nothing leaves are part of its trap.
  if (trapped || covered.has(loop.id)) for (const inner of facts.nested) covered.add(inner.id);
  if (!trapped || covered.has(loop.id) || mayHideExit(loop, exitWord)) return;
  if (servesProcess(ctx, loop) || inPackageSingletonMethod(ctx.pkg, loop) || processEntry(ctx.pkg, ctx.file, loop)) return;
  // Last: following an exported function into the packages that import it parses them.
  if (runsOncePerProcess(ctx.pkg, ctx.file, loop)) return;
  ctx.report({ node: loop, messageId: 'loop' });
}

/** Whether a part of the loop that did not parse could be a way out of it: it spells an exit word. */
function mayHideExit(loop: Node, exitWord: RegExp): boolean {
  return loop.hasError && syntaxErrors(loop).some((e) => e.isError && exitWord.test(e.text));
}

/** Reported only where every call of the function blocks: a `select {}` under an `if` or a case is a
 * deliberate halt on an exceptional path (a debug flag that keeps a server up, a detected deadlock, a
 * process that is already exiting), not a worker that was meant to end. */
function checkBareSelect(ctx: RuleContext, select: Node): void {
  // In tests, with or without the option, a bare select is a fake that never answers, on purpose.
  if (select.namedChildren.some((c) => c.type !== 'comment') || ctx.file.isTest) return;
  const list = select.parent;
  const body = list?.type === 'statement_list' ? list.parent : null;
  if (body?.type !== 'block' || !body.parent) return;
  const guard = isFunction(body.parent) ? undefined : failureGuard(body, select);
  if (!isFunction(body.parent) && !guard) return;
  const fn = guard ?? body.parent;
  // The main goroutine parked for the life of the process (main, a CLI command's action, what only they
  // call) is how a daemon waits for its signal handler to exit: nothing leaks.
  const entry = processEntry(ctx.pkg, ctx.file, select);
  if (entry === 'main' || (entry === 'init' && ctx.file.packageName === 'main') || ctx.facts.program.isMainLike(fn, ctx.file)) return;
  if (guard && ctx.file.packageName === 'main') return;
  ctx.report({ node: select, messageId: guard ? 'parkOnFailure' : 'bareSelect' });
}

/**
 * The function around `if <failure> { log...; select {} }` written at the top level of its body: the
 * branch logs a failure (a nil check, an error, a failed `ok`) and parks instead of returning, so the
 * caller of a library function waits forever for an answer it never gets. A `select {}` under any
 * other condition (a debug flag that keeps a server up, a detected deadlock) stays a deliberate halt.
 */
function failureGuard(block: Node, select: Node): Node | undefined {
  const ifStmt = block.parent;
  if (ifStmt?.type !== 'if_statement' || ifStmt.childForFieldName('consequence')?.id !== block.id) return undefined;
  const outer = ifStmt.parent?.type === 'statement_list' ? ifStmt.parent.parent : null;
  if (outer?.type !== 'block' || !outer.parent || !isFunction(outer.parent)) return undefined;
  const condition = ifStmt.childForFieldName('condition');
  if (!condition || !FAILURE_TEST.test(condition.text)) return undefined;
  const before = statementsOf(block).filter((st) => st.endIndex <= select.startIndex);
  if (!before.some((st) => st.type === 'expression_statement' && LOG_CALL.test(st.text))) return undefined;
  return outer.parent;
}

/** `x == nil`, `err != nil`, `!ok`: the branch handles a failure. */
const FAILURE_TEST = /(==|!=)\s*nil\b|\berr\b|^!\s*ok$/;
/** A call that reports it: `log.Error(...)`, `logger.Errorf(...)`, `log.Println(...)`. */
const LOG_CALL = /^[\w.]*\.(Error|Errorf|Errorw|Warn|Warnf|Warning|Warningf|Crit|Print|Printf|Println)\(/;



/**
 * Whether the loop is a worker of the whole process rather than of one value: it handles the process's
 * signals (a case on a `chan os.Signal`), or its selects wait only on package-level channels and timers,
 * so there is one such worker per program (typically started under a sync.Once) and nothing that could
 * be abandoned while it runs.
 */
function servesProcess(ctx: RuleContext, loop: Node): boolean {
  let shared = false;
  let own = false;
  for (const select of selectsEvaluatedBy(loop)) {
    for (const clause of select.namedChildren) {
      if (clause.type !== 'communication_case') continue;
      const channel = channelOf(clause.childForFieldName('communication'));
      if (channel && isSignalChannel(ctx, channel)) return true;
      if (channel && isTimerChannel(ctx, channel)) continue;
      if (channel?.type === 'identifier' && resolveInPackage(ctx.pkg, ctx.file, channel)?.binding.scope.kind === 'package') shared = true;
      else own = true;
    }
  }
  return shared && !own;
}

/** The file's selects with their uncalled literals, found once per tree: nested endless loops in
 * goroutines are each checked, and walking each one's body again was quadratic in depth. */
const PLACED_SELECTS = defineFact<Tree, Placed[]>('placed-selects', (tree) => placeNodes(tree.rootNode, ['select_statement']));

/** nodesEvaluatedBy(loop, ['select_statement']), from the selects placed once per tree. */
function selectsEvaluatedBy(loop: Node): Node[] {
  const placed = storeOf(loop.tree).get(PLACED_SELECTS, loop.tree);
  let lo = 0;
  let hi = placed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (placed[mid]!.node.startIndex < loop.startIndex) lo = mid + 1;
    else hi = mid;
  }
  const out: Node[] = [];
  for (let i = lo; i < placed.length && placed[i]!.node.startIndex < loop.endIndex; i++) {
    const { node, literal } = placed[i]!;
    const hidden = literal !== undefined && literal.startIndex >= loop.startIndex && literal.endIndex <= loop.endIndex;
    if (node.endIndex <= loop.endIndex && !hidden) out.push(node);
  }
  return out;
}

/** A channel of `os.Signal` values, as `signal.Notify` fills. */
function isSignalChannel(ctx: RuleContext, channel: Node): boolean {
  const ref = typeOf(ctx.pkg, ctx.file, channel);
  const element = ref && !ref.pointer && ref.node.type === 'channel_type' ? ref.node.childForFieldName('value') : null;
  return ref !== undefined && element !== null && isImportedType({ file: ref.file, node: element, pointer: false }, 'os', 'Signal');
}

/** The channel operand of a select case: `<-ch`, `v := <-ch`, `v, ok = <-ch`, `ch <- v`. */
function channelOf(comm: Node | null): Node | null {
  if (!comm) return null;
  if (comm.type === 'send_statement') return unparenOrNull(comm.childForFieldName('channel'));
  const receive = comm.type === 'receive_statement' ? comm.childForFieldName('right') : comm.type === 'expression_statement' ? comm.namedChild(0) : null;
  const unary = unparenOrNull(receive);
  return unary?.type === 'unary_expression' ? unparenOrNull(unary.childForFieldName('operand')) : null;
}

/** `ticker.C`, `time.After(d)`, `time.Tick(d)`: a clock, which keeps nothing of its own alive. */
function isTimerChannel(ctx: RuleContext, channel: Node): boolean {
  if (channel.type === 'selector_expression') return channel.childForFieldName('field')?.text === 'C';
  const callee = channel.type === 'call_expression' ? channel.childForFieldName('function') : null;
  const name = callee ? packageMember(ctx.file, callee, ['time']) : undefined;
  return name === 'After' || name === 'Tick';
}

function unparenOrNull(node: Node | null): Node | null {
  return node ? unparen(node) : null;
}
