import type { Finding } from '../../src/types.js';
import { findRule } from '../../rules/index.js';

/**
 * The `// want` comments that fixtures carry (see test/fixtures.test.ts for the syntax), and the diff
 * between them and the findings a lint produced.
 */

/** `rule-id`, then optionally `:messageId` and `@column`. */
const RULE_TOKEN = /^([a-z][a-z0-9-]*)(?::([A-Za-z][A-Za-z0-9]*))?(?:@([0-9]+))?$/;

export interface Want {
  file: string;
  line: number;
  ruleId: string;
  /** The id in the rule's meta.messages the finding must use. */
  messageId?: string;
  column?: number;
  fragment?: string;
}

/** The quoted strings after `// want`, in order. */
function wantTokens(lineText: string): string[] | undefined {
  const match = /\/\/\s*want\s+(".*)$/.exec(lineText);
  if (!match) return undefined;
  return [...match[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
}

/** Parses the wants of one file; a token right after a rule is its message fragment unless it
 * names a known rule itself. Throws on a rule id that does not exist. */
export function parseWants(file: string, text: string): Want[] {
  const wants: Want[] = [];
  text.split('\n').forEach((lineText, i) => {
    const tokens = wantTokens(lineText);
    if (!tokens) return;
    if (tokens.length === 0) throw new Error(`${file}:${i + 1}: empty want`);
    let last: Want | undefined;
    for (const token of tokens) {
      const rule = RULE_TOKEN.exec(token);
      const isRule = rule !== null && (last === undefined || findRule(rule[1]!) !== undefined);
      if (!isRule) {
        if (!last || last.fragment !== undefined) throw new Error(`${file}:${i + 1}: stray want token "${token}"`);
        last.fragment = token;
        continue;
      }
      const named = findRule(rule[1]!);
      if (!named) throw new Error(`${file}:${i + 1}: want names unknown rule "${rule[1]}"`);
      if (rule[2] && named.meta.messages[rule[2]] === undefined) throw new Error(`${file}:${i + 1}: rule ${rule[1]} has no message id "${rule[2]}"`);
      last = { file, line: i + 1, ruleId: rule[1]!, ...(rule[2] ? { messageId: rule[2] } : {}), ...(rule[3] ? { column: Number(rule[3]) } : {}) };
      wants.push(last);
    }
  });
  return wants;
}

function satisfies(f: Finding, w: Want): boolean {
  return (
    f.file === w.file &&
    f.start.line === w.line &&
    f.ruleId === w.ruleId &&
    (w.messageId === undefined || f.messageId === w.messageId) &&
    (w.column === undefined || f.start.column === w.column) &&
    (w.fragment === undefined || f.message.includes(w.fragment))
  );
}

/** Pairs findings with wants one to one; what is left over on either side is the diff. */
export function diff(findings: Finding[], wants: Want[]): string[] {
  const unmatched = [...findings];
  const problems: string[] = [];
  for (const w of wants) {
    const i = unmatched.findIndex((f) => satisfies(f, w));
    if (i >= 0) {
      unmatched.splice(i, 1);
      continue;
    }
    const col = `${w.messageId === undefined ? '' : `:${w.messageId}`}${w.column === undefined ? '' : `@${w.column}`}`;
    const frag = w.fragment === undefined ? '' : ` containing "${w.fragment}"`;
    problems.push(`missing    ${w.file}:${w.line} ${w.ruleId}${col}${frag}`);
  }
  for (const f of unmatched) {
    problems.push(`unexpected ${f.file}:${f.start.line}:${f.start.column} ${f.ruleId}:${f.messageId ?? '?'}: ${f.message}`);
  }
  return problems;
}

