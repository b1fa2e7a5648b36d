import type { FormatInput } from '../../src/format/index.js';
import { ruleHelpMarkdown } from '../../src/format/index.js';
import type { Finding, Level, RuleMeta } from '../../src/types.js';

/** Hand-made rule metadata and findings for the formatter tests. */

export const CWD = '/work/proj';

export function fakeRule(id: string, name: string, defaultLevel: Level, overrides: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    name,
    summary: `Summary of ${id}`,
    defaultLevel,
    tags: ['reliability', 'concurrency', 'go'],
    precision: 'high',
    docs: {
      what: `Flags \`${id}\` things.\nThis line was soft-wrapped.\n\nA second paragraph.`,
      why: 'It leaks.',
      bad: 'func f() {\n\tgo leak()\n}',
      good: 'func f() {\n\tgo fixed()\n}',
      limits: '- one limit\n  wrapped\n- another',
    },
    messages: { found: `a ${id} finding` },
    ...overrides,
  };
}

export const RULES: RuleMeta[] = [
  fakeRule('lost-cancel', 'LostCancel', 'warning'),
  fakeRule('goroutine-leak', 'GoroutineLeak', 'error'),
  fakeRule('missing-timeout', 'MissingTimeout', 'note'),
];

interface At {
  line: number;
  col: number;
  /** Defaults to col. */
  utf16?: number;
}

export function finding(
  ruleId: string,
  level: Level,
  file: string,
  start: At,
  end: At,
  message = `${ruleId} message`,
  fingerprint = `f00d${start.line}:1`,
): Finding {
  return {
    ruleId,
    level,
    message,
    file,
    start: { line: start.line, column: start.col, utf16Column: start.utf16 ?? start.col },
    end: { line: end.line, column: end.col, utf16Column: end.utf16 ?? end.col },
    fingerprint,
  };
}

export function input(overrides: Partial<FormatInput> = {}): FormatInput {
  return {
    findings: [],
    errors: [],
    rules: RULES,
    tool: { name: 'gohazard', version: '0.1.0', informationUri: 'https://github.com/gohazard/gohazard' },
    cwd: CWD,
    color: false,
    summary: false,
    helpUri: (id) => `https://github.com/gohazard/gohazard/blob/main/docs/rules/${id}.md`,
    ruleHelpMarkdown,
    ...overrides,
  };
}
