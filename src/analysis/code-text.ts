import type { Node } from 'web-tree-sitter';
import { UNSAFE_CHARS } from '../format/unsafe-chars.js';

/** Longest code text a message quotes; longer text is cut with an ellipsis. */
const MAX_CODE_CHARS = 60;

/**
 * A node's code as a message may quote it: comments dropped (`s./*…*\/wg` must not smuggle text, a fake
 * finding line or a workflow command into a report), control characters and runs of white space made one
 * space, and at most MAX_CODE_CHARS characters.
 */
export function codeText(node: Node, maxChars = MAX_CODE_CHARS): string {
  const whole = node.text;
  let text = whole;
  const comments = node.descendantsOfType('comment');
  if (comments.length > 0) {
    let kept = '';
    let at = node.startIndex;
    for (const c of comments) {
      if (!c) continue;
      kept += whole.slice(at - node.startIndex, c.startIndex - node.startIndex);
      at = c.endIndex;
    }
    text = kept + whole.slice(at - node.startIndex);
  }
  return boundCode(text, maxChars);
}

/** The normalising half of codeText, for text already free of comments. */
export function boundCode(text: string, maxChars = MAX_CODE_CHARS): string {
  const flat = text.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim();
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 1)}…`;
}
