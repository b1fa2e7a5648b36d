import type { Node } from 'web-tree-sitter';
import { nodeTable, storeOf } from '../../src/analysis/fact-store.js';
import { isNoReturnCall } from '../../src/analysis/no-return.js';
import { isImmediatelyCalled } from '../../src/analysis/syntax.js';

/**
 * Can anything leave an endless `for` loop (`for { }`, `for ;; { }`, `for init; ; post { }`)? A
 * loop is left by a `return`, by a call that never returns (`panic`, `os.Exit`, `runtime.Goexit`,
 * `log.Fatal`, see no-return.ts), by a plain `break` that targets it (not one inside a nested
 * `select`, `switch` or `for`), and by a labeled `break`, `continue` or `goto` to a label outside
 * it (`break L` to its own label leaves it too). Function literals are their own functions: their
 * `return`s leave nothing, though a literal called on the spot can still panic.
 *
 * Decided from the syntax, not the flow graph: the question is whether a way out is written at all,
 * the scan works on function bodies the graph declines, and where the two would disagree (a `return`
 * that can never be reached) the scan says "can leave", the side a linter should err on.
 *
 * Nested endless loops are summarised once, innermost first, and an outer loop's scan uses the
 * summaries instead of walking their bodies again, so loops nested a thousand deep cost one walk.
 */

export interface EndlessLoopFacts {
  /** Some statement in the loop leaves it. */
  leaves: boolean;
  /** A `select` runs in the loop's body (function literals aside), directly or nested. */
  hasSelect: boolean;
  /** The endless loops right inside this one, in the same function. */
  nested: Node[];
}

interface Summary extends EndlessLoopFacts {
  /** A return or never-returning call inside: it leaves every loop around this one too. */
  returns: boolean;
  /** Labeled jumps that go out of this loop to a label the enclosing code declares. */
  escapes: Jump[];
}

interface Jump {
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

/** Statements whose body a plain `break` leaves instead of the loop around them. */
const BREAK_TARGETS = new Set(['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement']);
const JUMPS = new Set(['break_statement', 'continue_statement', 'goto_statement']);

const SUMMARIES = nodeTable<Summary>('endless-loop-summaries');

/** `for { }`, `for ;; { }` and `for i := 0; ; i++ { }`: no condition and no range. */
export function isEndlessLoop(node: Node): boolean {
  if (node.type !== 'for_statement') return false;
  const header = node.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  return header === undefined || (header.type === 'for_clause' && header.childForFieldName('condition') === null);
}

/** Whether anything can leave the loop, and whether it selects; undefined unless the loop is endless. */
export function endlessLoopFacts(loop: Node): EndlessLoopFacts | undefined {
  if (!isEndlessLoop(loop)) return undefined;
  const perTree = storeOf(loop.tree).get(SUMMARIES, loop.tree);
  const known = perTree.get(loop.id);
  if (known) return known;
  // Each loop's label, found from above: `node.parent` costs the depth of the tree on every call.
  const labels = new Map<number, string>();
  for (const labeled of [loop.parent, ...loop.descendantsOfType('labeled_statement')]) {
    const label = labeled?.type === 'labeled_statement' ? labelOf(labeled) : undefined;
    const statement = labeled?.namedChildren.find((c) => c.type === 'for_statement');
    if (label && statement) labels.set(statement.id, label);
  }
  // Innermost first: a nested loop starts after the loops around it.
  const loops = [loop, ...loop.descendantsOfType('for_statement')].filter(isEndlessLoop);
  for (let i = loops.length - 1; i >= 0; i--) {
    const inner = loops[i]!;
    if (!perTree.has(inner.id)) perTree.set(inner.id, summarise(inner, labels.get(inner.id), perTree));
  }
  return perTree.get(loop.id);
}

function summarise(loop: Node, own: string | undefined, known: Map<number, Summary>): Summary {
  const declared = new Set<string>();
  const jumps: Jump[] = [];
  let leaves = false;
  let returns = false;
  let hasSelect = false;
  const nested: Node[] = [];
  const body = loop.childForFieldName('body');
  const stack: Pending[] = body ? [{ node: body, breaksLoop: true, inLiteral: false }] : [];
  while (stack.length > 0) {
    const { node, breaksLoop, inLiteral } = stack.pop()!;
    if (node.type === 'call_expression' && isNoReturnCall(node)) returns = true;
    if (node.type === 'func_literal') {
      // A goroutine's panic is not this loop's way out; a literal run on the spot is.
      if (!isImmediatelyCalled(node) || node.parent?.parent?.type === 'go_statement') continue;
      for (const child of node.namedChildren) stack.push({ node: child, breaksLoop: false, inLiteral: true });
      continue;
    }
    const inner = inLiteral ? undefined : known.get(node.id);
    if (inner && node.id !== loop.id) {
      returns ||= inner.returns;
      hasSelect ||= inner.hasSelect;
      jumps.push(...inner.escapes);
      nested.push(node);
      continue;
    }
    if (!inLiteral) {
      const label = labelOf(node);
      if (node.type === 'return_statement') returns = true;
      else if (node.type === 'break_statement' && !label && breaksLoop) leaves = true;
      else if (node.type === 'labeled_statement' && label) declared.add(label);
      else if (label) jumps.push({ kind: node.type, label });
      if (node.type === 'select_statement') hasSelect = true;
    }
    const breaks = breaksLoop && !BREAK_TARGETS.has(node.type);
    for (const child of node.namedChildren) stack.push({ node: child, breaksLoop: breaks, inLiteral });
  }
  const escapes = jumps.filter((j) => !declared.has(j.label) && !(j.label === own && j.kind !== 'break_statement'));
  leaves ||= returns || escapes.length > 0;
  return { leaves, hasSelect, nested, returns, escapes: escapes.filter((j) => j.label !== own) };
}

/** The label of a labeled statement or of a break/continue/goto. */
function labelOf(node: Node): string | undefined {
  if (node.type !== 'labeled_statement' && !JUMPS.has(node.type)) return undefined;
  return node.namedChildren.find((c) => c.type === 'label_name')?.text;
}
