import type { Node } from 'web-tree-sitter';
import { isNoReturnCall } from '../src/analysis/no-return.js';
import { inPackageSingletonMethod, processEntry } from '../src/analysis/process-lifetime.js';
import { resolveInPackage } from '../src/analysis/package-scope.js';
import { ancestors, isFunction, isImmediatelyCalled, unparen } from '../src/analysis/syntax.js';
import type { Rule, RuleContext } from '../src/rule-api.js';

export const selectNoExit: Rule = {
  meta: {
    id: 'select-no-exit',
    name: 'SelectNoExit',
    summary: 'A for loop around a select that nothing can leave, or a bare select {}: the goroutine can never end',
    defaultLevel: 'warning',
    tags: ['reliability', 'concurrency', 'goroutine-leak', 'go'],
    precision: 'high',
    options: [
      {
        name: 'tests',
        type: 'boolean',
        default: false,
        description: 'Also check _test.go files (a goroutine a test leaves blocked ends with the test binary, and tests often block on purpose).',
      },
    ],
    docs: {
      what:
        'Flags a `for` loop without a condition (`for { }`, `for ;; { }`, or `for init; ; post { }`) whose body holds a ' +
        '`select`, directly or nested, when no statement in the loop can leave it: no `return`, no `break` that ' +
        'targets the loop (a plain `break` inside a `select`, `switch` or inner `for` leaves only that statement), ' +
        'no labeled `break`, `continue` or `goto` to a label outside the loop, and no call that never returns ' +
        '(`panic`, `os.Exit`, `runtime.Goexit`, `log.Fatal*` and other `Fatal*`/`Panic*` methods, `t.FailNow`). ' +
        'Function literals inside the loop are their own functions: a `return` in them does not leave the loop. ' +
        'Also flags a bare `select {}`, which blocks its goroutine forever.',
      why:
        'A goroutine that runs such a loop can never end. Every channel, buffer, connection, timer and struct it ' +
        'references stays alive with it, and each instance that is started and then abandoned (a client closed, a ' +
        'subscription dropped, a test finished) adds one more. In a long-running service that is memory and CPU ' +
        'that grow with every reconnect or request until the process is restarted, and a `Close` or `Stop` method ' +
        'that cannot actually stop the worker. Giving the loop a way out, usually a `case <-ctx.Done(): return` ' +
        'or a check that the input channel was closed, lets the owner shut it down.',
      bad:
        'func (p *Pool) reap() {\n' +
        '\tticker := time.NewTicker(p.idleTimeout)\n' +
        '\tfor {\n' +
        '\t\tselect {\n' +
        '\t\tcase <-ticker.C:\n' +
        '\t\t\tp.closeIdle()\n' +
        '\t\tcase c := <-p.returned:\n' +
        '\t\t\tp.idle = append(p.idle, c)\n' +
        '\t\t}\n' +
        '\t}\n' +
        '}',
      good:
        'func (p *Pool) reap(ctx context.Context) {\n' +
        '\tticker := time.NewTicker(p.idleTimeout)\n' +
        '\tdefer ticker.Stop()\n' +
        '\tfor {\n' +
        '\t\tselect {\n' +
        '\t\tcase <-ctx.Done():\n' +
        '\t\t\treturn\n' +
        '\t\tcase <-ticker.C:\n' +
        '\t\t\tp.closeIdle()\n' +
        '\t\tcase c, ok := <-p.returned:\n' +
        '\t\t\tif !ok {\n' +
        '\t\t\t\treturn\n' +
        '\t\t\t}\n' +
        '\t\t\tp.idle = append(p.idle, c)\n' +
        '\t\t}\n' +
        '\t}\n' +
        '}',
      limits:
        'Code that runs for the life of the process is exempt, by design: anything inside `func main` of package ' +
        '`main` or inside a `func init` (a goroutine started there, such as a signal handler or a metrics ' +
        'flusher, is meant to run until the process exits), and any top-level function that is referenced only ' +
        'from such code (`go watchSignals()` in main), followed back a few calls. A bare `select {}` is exempt ' +
        'only in `main` and `init` of package `main` and what they alone call. Methods are not followed back to ' +
        'their callers, so a method that loops forever is flagged even when only main starts it. Whether a path ' +
        'can leave is decided from the syntax alone: a `return` that can never be reached still counts as a way ' +
        'out, and a call to a function of your own that always panics or exits does not. Loops that contain ' +
        'syntax errors are skipped, and when loops are nested only the outermost loop that cannot be left is ' +
        'reported.',
    },
  },
  nodeTypes: ['for_statement', 'select_statement'],
  // Neither hazard exists without a select.
  textFilter: /\bselect\b/,
  create(ctx) {
    return {
      for_statement: (loop) => checkLoop(ctx, loop),
      select_statement: (select) => checkBareSelect(ctx, select),
    };
  },
};

const LOOP_MESSAGE =
  'for loop around select has no way out (no return, no break or goto leaving the loop, no panic), so the goroutine ' +
  'running it never ends and keeps everything it references alive; add a case that returns, e.g. case <-ctx.Done(): return';

const SELECT_MESSAGE =
  'select {} blocks this goroutine forever, so it never ends and keeps everything it references alive; ' +
  'wait on a context or done channel and return instead, or block forever only in main';

/** Statements whose body a plain `break` leaves instead of the loop around them. */
const BREAK_TARGETS = new Set(['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement']);

function checkLoop(ctx: RuleContext, loop: Node): void {
  if (!isEndless(loop) || loop.hasError || skipFile(ctx)) return;
  const selects = trappingSelects(loop);
  if (!selects) return;
  // One finding per trap: an enclosing endless loop that cannot be left either is the one reported.
  const chain = ancestors(loop);
  for (let i = chain.length - 1; i >= 0 && !isFunction(chain[i]!); i--) {
    const outer = chain[i]!;
    if (outer.type === 'for_statement' && isEndless(outer) && trappingSelects(outer)) return;
  }
  if (servesPackageChannels(ctx, selects) || inPackageSingletonMethod(ctx.pkg, loop) || processEntry(ctx.pkg, ctx.file, loop)) return;
  ctx.report(loop, LOOP_MESSAGE);
}

/** Reported only where every call of the function blocks: a `select {}` under an `if` or a case is a
 * deliberate halt on an exceptional path (a debug flag that keeps a server up, a detected deadlock, a
 * process that is already exiting), not a worker that was meant to end. */
function checkBareSelect(ctx: RuleContext, select: Node): void {
  if (select.namedChildren.some((c) => c.type !== 'comment') || skipFile(ctx)) return;
  const body = select.parent?.type === 'statement_list' ? select.parent.parent : null;
  if (body?.type !== 'block' || !body.parent || !isFunction(body.parent)) return;
  const entry = processEntry(ctx.pkg, ctx.file, select);
  if (entry === 'main' || (entry === 'init' && ctx.file.packageName === 'main')) return;
  ctx.report(select, SELECT_MESSAGE);
}

function skipFile(ctx: RuleContext): boolean {
  return ctx.file.isTest && !ctx.options['tests'];
}

/**
 * A loop whose selects wait only on package-level channels (and timers) serves the whole process: there
 * is one such worker per program, started once (often under a sync.Once), and nothing that could be
 * abandoned while it runs.
 */
function servesPackageChannels(ctx: RuleContext, selects: Node[]): boolean {
  let shared = false;
  for (const select of selects) {
    for (const clause of select.namedChildren) {
      if (clause.type !== 'communication_case') continue;
      const channel = channelOf(clause.childForFieldName('communication'));
      if (!channel) return false;
      if (isTimerChannel(channel)) continue;
      if (channel.type !== 'identifier' || resolveInPackage(ctx.pkg, ctx.file, channel)?.binding.scope.kind !== 'package') return false;
      shared = true;
    }
  }
  return shared;
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
function isTimerChannel(channel: Node): boolean {
  if (channel.type === 'selector_expression') return channel.childForFieldName('field')?.text === 'C';
  if (channel.type !== 'call_expression') return false;
  return /^time\.(After|Tick)$/.test(channel.childForFieldName('function')?.text ?? '');
}

function unparenOrNull(node: Node | null): Node | null {
  return node ? unparen(node) : null;
}

/** `for { }`, `for ;; { }` and `for i := 0; ; i++ { }`: no condition and no range. */
function isEndless(loop: Node): boolean {
  const header = loop.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  return header === undefined || (header.type === 'for_clause' && header.childForFieldName('condition') === null);
}

/** A labeled jump found in the loop, judged once all labels declared inside the loop are known. */
interface LabeledJump {
  kind: string;
  label: string;
}

interface Pending {
  node: Node;
  /** Whether a plain `break` here leaves the loop being scanned. */
  breaksLoop: boolean;
  /** Inside a function literal called on the spot: only calls that never return leave from there. */
  inLiteral: boolean;
}

/**
 * The selects in the loop's body, when it holds one and no statement that leaves the loop. A syntactic scan
 * (an explicit stack, no recursion) rather than the flow graph: the question is whether any way out
 * is written at all, the scan works on functions the graph declines, and where the two disagree (a
 * `return` that cannot be reached) the scan stays silent, which is the side to err on.
 */
function trappingSelects(loop: Node): Node[] | undefined {
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  const innerLabels = new Set<string>();
  const jumps: LabeledJump[] = [];
  const selects: Node[] = [];
  const stack: Pending[] = [{ node: body, breaksLoop: true, inLiteral: false }];
  while (stack.length > 0) {
    const { node, breaksLoop, inLiteral } = stack.pop()!;
    if (node.type === 'call_expression' && isNoReturnCall(node)) return undefined;
    if (node.type === 'func_literal') {
      if (!isImmediatelyCalled(node) || node.parent?.parent?.type === 'go_statement') continue;
      for (const child of node.namedChildren) stack.push({ node: child, breaksLoop: false, inLiteral: true });
      continue;
    }
    if (!inLiteral) {
      const label = labelOf(node);
      if (node.type === 'return_statement' || (node.type === 'break_statement' && !label && breaksLoop)) return undefined;
      if (label && node.type === 'labeled_statement') innerLabels.add(label);
      else if (label) jumps.push({ kind: node.type, label });
      if (node.type === 'select_statement') selects.push(node);
    }
    const nested = breaksLoop && !BREAK_TARGETS.has(node.type);
    for (const child of node.namedChildren) stack.push({ node: child, breaksLoop: nested, inLiteral });
  }
  if (selects.length === 0 || jumps.some((j) => leavesLoop(j, innerLabels, ownLabel(loop)))) return undefined;
  return selects;
}

function leavesLoop(jump: LabeledJump, innerLabels: Set<string>, own: string | undefined): boolean {
  if (innerLabels.has(jump.label)) return false;
  // `continue L` and `goto L` to the loop's own label start it over; `break L` leaves it.
  if (jump.label === own) return jump.kind === 'break_statement';
  return true;
}

/** The label of a labeled statement or of a break/continue/goto. */
function labelOf(node: Node): string | undefined {
  if (node.type !== 'labeled_statement' && node.type !== 'break_statement' && node.type !== 'continue_statement' && node.type !== 'goto_statement') {
    return undefined;
  }
  return node.namedChildren.find((c) => c.type === 'label_name')?.text;
}

function ownLabel(loop: Node): string | undefined {
  const parent = loop.parent;
  return parent?.type === 'labeled_statement' ? labelOf(parent) : undefined;
}
