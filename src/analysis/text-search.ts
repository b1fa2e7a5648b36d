import type { Node } from 'web-tree-sitter';
import type { SourceFile } from './source.js';

/**
 * Where a name occurs in a file, found by searching the text and asking the tree only about the
 * hits: far cheaper than walking every node of a file to find the few that spell one name.
 * JavaScript string indexes are UTF-16 code units, as web-tree-sitter's are.
 */

/** The nodes of the given types (`identifier`, `type_identifier`, `field_identifier`, ...) spelled
 * exactly `name`, in source order. */
export function nodesSpelled(file: SourceFile, name: string, types: readonly string[]): Node[] {
  const found: Node[] = [];
  const { text } = file;
  const root = file.tree.rootNode;
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
    if (wordCharBefore(text, i) || wordCharAt(text, i + name.length)) continue;
    const node = root.descendantForIndex(i, i + name.length);
    if (node && types.includes(node.type) && node.text === name) found.push(node);
  }
  return found;
}

const WORD = /[\p{L}\p{N}_]/u;

function wordCharAt(text: string, index: number): boolean {
  const code = text.codePointAt(index);
  if (code === undefined) return false;
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return WORD.test(String.fromCodePoint(code));
}

function wordCharBefore(text: string, index: number): boolean {
  if (index <= 0) return false;
  const low = text.charCodeAt(index - 1);
  // The second half of a surrogate pair: the character starts one code unit earlier.
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return wordCharAt(text, start);
}
