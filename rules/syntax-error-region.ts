import type { Node } from 'web-tree-sitter';
import { ancestors } from '../src/analysis/syntax.js';

/** What the rules did not check around a syntax error: the statement or declaration it broke. */
export interface SkippedRegion {
  node: Node;
  /** 1-based lines. */
  first: number;
  last: number;
  /** ' in func Name' / ' in method Name', or ''. */
  where: string;
}

/** Containers whose children are statements or declarations: a broken child is what gets skipped. */
const CONTAINERS = new Set(['source_file', 'statement_list', 'block']);

export function skippedRegion(error: Node): SkippedRegion {
  const chain = [...ancestors(error), error];
  let region = error;
  for (let i = chain.length - 1; i > 0; i--) {
    if (CONTAINERS.has(chain[i - 1]!.type)) {
      region = chain[i]!;
      break;
    }
  }
  let where = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i]!;
    if (n.type === 'function_declaration' || n.type === 'method_declaration') {
      const name = n.childForFieldName('name')?.text;
      if (name) where = ` in ${n.type === 'method_declaration' ? 'method' : 'func'} ${name}`;
      break;
    }
  }
  const last = region.endPosition.column === 0 && region.endPosition.row > region.startPosition.row ? region.endPosition.row : region.endPosition.row + 1;
  return { node: region, first: region.startPosition.row + 1, last, where };
}

/**
 * Valid Go that tree-sitter-go 0.25 cannot read even after our second parse (grammars/new-expr.ts):
 * a `new(` with an argument in the statement that did not parse. Named so the user is not sent to
 * fix code the compiler accepts.
 */
const KNOWN_GAPS: Array<{ pattern: RegExp; name: string }> = [{ pattern: /\bnew[ \t]*\((?![ \t]*\))/, name: 'new(expr) (Go 1.26) here' }];

/** A statement longer than this is not searched for a gap: it is broken for other reasons. */
const MAX_GAP_SEARCH = 4096;

export function knownParserGap(region: Node, source: string): string | undefined {
  const text = source.slice(region.startIndex, Math.min(region.endIndex, region.startIndex + MAX_GAP_SEARCH));
  for (const gap of KNOWN_GAPS) if (gap.pattern.test(text)) return gap.name;
  return undefined;
}
