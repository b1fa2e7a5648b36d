import type { Node } from 'web-tree-sitter';
import { assignedValues } from '../../src/analysis/assigned-values.js';
import { references, resolve, type Binding } from '../../src/analysis/scopes.js';
import type { GoPackage, SourceFile } from '../../src/analysis/source.js';
import { declarationCalled, onlySendsOn } from './sender.js';
import { ancestors, isImmediatelyCalled, unparen } from '../../src/analysis/syntax.js';

/**
 * The channel variable of the function that starts a goroutine: is it unbuffered, and what does the
 * function do with it besides handing it to that goroutine? A receive (`<-ch`, `v, ok := <-ch`, a
 * select case, `for v := range ch`) is what unblocks the sender; sending, closing, `len`, comparing
 * and reassigning change nothing; any other use (returned, stored in a field, map, slice or literal,
 * passed to a function, captured by a goroutine or a stored callback) hands the channel to someone
 * who may receive from it later, and the rule trusts them.
 */

/** The element type spelled in the `make` that creates an unbuffered channel: the `chan T` node. */
export function unbufferedMake(file: SourceFile, channel: Binding): Node | undefined {
  const values = assignedValues(file, channel);
  if (!values || values.length === 0) return undefined;
  let type: Node | undefined;
  for (const value of values) {
    const v = unparen(value);
    if (v.type === 'nil') continue;
    const made = unbufferedChanType(v);
    if (!made) return undefined;
    type ??= made;
  }
  return type;
}

/** `make(chan T)` or `make(chan T, 0)` → the `chan T` node. */
function unbufferedChanType(expr: Node): Node | undefined {
  if (expr.type !== 'call_expression' || expr.childForFieldName('function')?.text !== 'make') return undefined;
  const args = expr.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const type = args[0];
  if (type?.type !== 'channel_type') return undefined;
  if (args.length === 1) return type;
  const size = args[1] ? unparen(args[1]) : undefined;
  return args.length === 2 && size?.type === 'int_literal' && /^0+$/.test(size.text.replace(/_/g, '')) ? type : undefined;
}

export interface ChannelUses {
  /** The receives of the starting function (also in literals it calls on the spot or defers). */
  receives: Node[];
  /** Someone else may receive: the channel left the function or went to another goroutine. */
  handedOn: boolean;
  /** Someone else sends too: another goroutine, a helper that starts senders, the function itself. */
  otherSenders: boolean;
}

/** What one use of the channel does, and the `go` statement of the function it belongs to, if any. */
interface UseFact {
  node: Node;
  role: Role;
  owner: Node | undefined;
}

/** Every use of `channel` in `fn`, classified once and counted by the goroutine it belongs to: a function
 * that starts many goroutines on one channel asks about each of them. */
export class ChannelUseFacts {
  private readonly receives: UseFact[] = [];
  private readonly counts = new Map<string, number>();

  constructor(pkg: GoPackage, file: SourceFile, fn: Node, channel: Binding) {
    for (const use of references(file, channel)) {
      const chain = ancestors(use);
      const fact = { node: use, role: roleOf(pkg, file, use, fn, chain), owner: ownerOf(chain, fn) };
      if (fact.role === 'receive') this.receives.push(fact);
      for (const key of [fact.role, `${fact.role}@${fact.owner?.id}`]) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  /** The uses outside the goroutine of `sender` (its literal, or the arguments of its `go` call). */
  outside(sender: Node): ChannelUses {
    const others = (role: Role) => (this.counts.get(role) ?? 0) - (this.counts.get(`${role}@${sender.id}`) ?? 0);
    return {
      receives: this.receives.filter((r) => r.owner?.id !== sender.id).map((r) => r.node),
      handedOn: others('handed-on') > 0,
      otherSenders: others('send') > 0,
    };
  }
}

/** The outermost `go` statement of `fn` around the use (none when a literal comes first). */
function ownerOf(chain: Node[], fn: Node): Node | undefined {
  const at = chain.findIndex((n) => n.id === fn.id);
  for (let i = at + 1; i < chain.length; i++) {
    if (chain[i]!.type === 'go_statement') return chain[i];
    if (chain[i]!.type === 'func_literal') return undefined;
  }
  return undefined;
}

type Role = 'receive' | 'send' | 'neutral' | 'handed-on';

const HARMLESS_BUILTINS = new Set(['len', 'cap', 'close']);

function roleOf(pkg: GoPackage, file: SourceFile, use: Node, fn: Node, chain: Node[]): Role {
  const around = literalAround(use, chain, fn);
  if (around === 'other-sender') return 'send';
  if (around === 'escapes') return 'handed-on';
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent) return 'neutral';
  switch (parent.type) {
    case 'unary_expression':
      return parent.child(0)?.type === '<-' ? 'receive' : parent.child(0)?.type === '&' ? 'handed-on' : 'neutral';
    case 'range_clause':
      return parent.childForFieldName('right')?.id === node.id ? 'receive' : 'neutral';
    case 'send_statement':
      return parent.childForFieldName('channel')?.id === node.id ? 'send' : 'handed-on';
    case 'binary_expression':
      return 'neutral';
    case 'argument_list':
      return argumentRole(pkg, file, parent, node);
    case 'expression_list': {
      const owner = parent.parent;
      const isLeft = (owner?.type === 'assignment_statement' || owner?.type === 'short_var_declaration') && owner.childForFieldName('left')?.id === parent.id;
      return isLeft ? 'neutral' : 'handed-on';
    }
    default:
      return 'handed-on';
  }
}

/** An argument of a call: `len`, `cap` and `close` change nothing, and neither does a function of the
 * package that only sends on the parameter; any other callee may receive. */
function argumentRole(pkg: GoPackage, file: SourceFile, args: Node, arg: Node): Role {
  const raw = args.parent?.childForFieldName('function');
  const callee = raw ? unparen(raw) : undefined;
  if (!callee) return 'handed-on';
  if (callee.type === 'identifier' && HARMLESS_BUILTINS.has(callee.text) && !resolve(file, callee)) return 'neutral';
  const decl = declarationCalled(pkg, file, callee);
  const index = args.namedChildren.filter((c) => c.type !== 'comment').findIndex((c) => c.id === arg.id);
  return decl && onlySendsOn(decl.fn, decl.file, index) ? 'send' : 'handed-on';
}

/**
 * How the function literals between a use and `fn` run it: 'none' or 'called' (literals called on the
 * spot, deferred ones included, run as part of `fn`); 'other-sender' for a send straight inside
 * another `go func() {...}()` (a second sender, not a receiver); 'escapes' for any other literal.
 */
function literalAround(use: Node, chain: Node[], fn: Node): 'none' | 'called' | 'other-sender' | 'escapes' {
  let found: 'none' | 'called' = 'none';
  for (let i = chain.length - 1; i >= 0 && chain[i]!.id !== fn.id; i--) {
    const lit = chain[i]!;
    if (lit.type !== 'func_literal') continue;
    if (!isImmediatelyCalled(lit)) return 'escapes';
    let j = i - 1;
    while (chain[j]?.type === 'parenthesized_expression') j--;
    if (chain[j - 1]?.type === 'go_statement') return found === 'none' && isSendOn(use, chain) ? 'other-sender' : 'escapes';
    found = 'called';
  }
  return found;
}

/** `ch <- v` with `ch` the use (the chain is the use's ancestors). */
function isSendOn(use: Node, chain: Node[]): boolean {
  let node = use;
  let i = chain.length - 1;
  while (chain[i]?.type === 'parenthesized_expression') node = chain[i--]!;
  const send = chain[i];
  return send?.type === 'send_statement' && send.childForFieldName('channel')?.id === node.id;
}
