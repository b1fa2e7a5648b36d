import type { Node } from 'web-tree-sitter';
import { intValue } from './goroutines.js';
import { unparen } from '../../src/analysis/syntax.js';
import type { Identity } from './value-identity.js';

/** Small readings of WaitGroup calls shared by the rule's call checks and its goroutine checks. */

export const ADDS = new Set(['Add', 'Go']);
export const DONES = new Set(['Done']);

/** Whether the node's text names the WaitGroup's variable or field (a cheap, over-eager test). */
export function mentions(node: Node, id: Identity): boolean {
  return new RegExp(`\\b${id.field?.name ?? id.text}\\b`).test(node.text);
}

export function constantDelta(call: Node): number | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  return args.length === 1 ? intValue(unparen(args[0]!)) : undefined;
}

export function line(node: Node): number {
  return node.startPosition.row + 1;
}
