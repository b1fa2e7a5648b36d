import type { OptionValue, RuleMeta, RuleOption } from '../types.js';

/**
 * A rule's documentation page, built from the docs it declares next to its check, with ruff's
 * headings. `gohazard explain`, docs/rules/*.md and SARIF `help.markdown` all print this text, so
 * it is written for GitHub's renderer, which turns every line break into a hard break: each
 * paragraph is one line, and only code blocks keep their line breaks.
 */
export function ruleHelpMarkdown(meta: RuleMeta): string {
  const { docs } = meta;
  return [
    `# ${meta.id}`,
    unwrapParagraphs(meta.summary),
    '## What it does',
    unwrapParagraphs(docs.what),
    '## Why is this bad?',
    unwrapParagraphs(docs.why),
    '## Example',
    ...(docs.goVersion ? [`In a module whose go.mod says \`go ${docs.goVersion}\`:`] : []),
    fencedGo(docs.bad),
    '## Use instead',
    fencedGo(docs.good),
    '## Known limits',
    unwrapParagraphs(docs.limits),
    ...optionsMarkdown(meta),
  ].join('\n\n') + '\n';
}

/** ruff's *Options* heading, for rules that take settings from config. */
function optionsMarkdown(meta: RuleMeta): string[] {
  if (!meta.options?.length) return [];
  const rows = meta.options.map((o) => {
    const builtIn = o.type === 'string-list' && o.builtIn ? ` Adds to the built-in ${o.builtIn.map((w) => `\`${w}\``).join(', ')}.` : '';
    return `- \`${o.name}\` (${typeName(o)}, default \`${showValue(o.default)}\`): ${unwrapParagraphs(o.description)}${builtIn}`;
  });
  const example = JSON.stringify({ rules: { [meta.id]: { level: meta.defaultLevel, [meta.options[0]!.name]: exampleValue(meta.options[0]!) } } }, null, 2);
  return ['## Options', `Set in \`.gohazard.json\`:\n\n${rows.join('\n')}`, '```json\n' + example + '\n```'];
}

/** `boolean`, `integer 1..64`, `list of strings`. */
function typeName(o: RuleOption): string {
  if (o.type !== 'number') return o.type === 'boolean' ? 'boolean' : 'list of strings';
  const range = o.min !== undefined || o.max !== undefined ? ` ${o.min ?? ''}..${o.max ?? ''}` : '';
  return `${o.integer ? 'integer' : 'number'}${range}`;
}

function showValue(v: OptionValue): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A value other than the default, for the config example. */
function exampleValue(o: RuleOption): OptionValue {
  if (o.type === 'boolean') return !o.default;
  if (o.type === 'number') return o.default;
  return o.example ?? ['example'];
}

/** The same page as plain text (SARIF `help.text`, for viewers that do not render Markdown). */
export function ruleHelpText(meta: RuleMeta): string {
  const { docs } = meta;
  return [
    `${meta.id}: ${unwrapParagraphs(meta.summary)}`,
    `What it does:\n${unwrapParagraphs(docs.what)}`,
    `Why is this bad?\n${unwrapParagraphs(docs.why)}`,
    `Example:\n${indentCode(docs.bad)}`,
    `Use instead:\n${indentCode(docs.good)}`,
    `Known limits:\n${unwrapParagraphs(docs.limits)}`,
    ...(meta.options?.length ? [`Options (.gohazard.json):\n${meta.options.map((o) => `  ${o.name} (${typeName(o)}, default ${showValue(o.default)}): ${unwrapParagraphs(o.description)}`).join('\n')}`] : []),
  ].join('\n\n') + '\n';
}

/** GitHub's limit on SARIF `fullDescription.text`. */
const FULL_DESCRIPTION_MAX = 1024;

/**
 * The first paragraph of "What it does" on one line, at most 1024 UTF-16 code units (so at most
 * 1024 characters however GitHub counts them): GitHub shows it in a single line under the summary.
 */
export function ruleFullDescription(meta: RuleMeta): string {
  const first = meta.docs.what.trim().split(/\n\s*\n/)[0] ?? '';
  return truncate(first.replace(/\s+/g, ' '), FULL_DESCRIPTION_MAX);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1; // room for the ellipsis
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut--;
  // Prefer a word boundary, unless that throws away most of the text.
  const space = text.lastIndexOf(' ', cut);
  if (space > max / 2) cut = space;
  return `${text.slice(0, cut).trimEnd()}…`;
}

const FENCE = /^\s{0,3}(```|~~~)/;
/** Lines that start a Markdown block of their own and so never join the line before. */
const BLOCK_START = /^\s{0,3}([-*+]\s|\d{1,9}[.)]\s|#{1,6}(\s|$)|>|\|)/;
/** Blocks that later lines may continue (a list item's or a quote's wrapped text). */
const CONTINUABLE = /^\s{0,3}([-*+]\s|\d{1,9}[.)]\s|>)/;

/**
 * Joins soft-wrapped lines of a paragraph (or list item) into one line, leaving fenced code,
 * indented code, headings, tables and blank lines alone.
 */
export function unwrapParagraphs(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  let joinable = false; // whether the last output line is prose that the next line may continue
  for (const line of markdown.trim().split(/\r\n|\r|\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    const prose = !inFence && !FENCE.test(line) && line.trim() !== '';
    if (prose && joinable && !BLOCK_START.test(line)) {
      out[out.length - 1] += ` ${line.trim()}`;
      continue;
    }
    const indentedCode: boolean = prose && !joinable && /^( {4}|\t)/.test(line);
    out.push(inFence || indentedCode ? line : line.trimEnd());
    joinable = prose && !indentedCode && (CONTINUABLE.test(line) || !BLOCK_START.test(line));
  }
  return out.join('\n');
}

function fencedGo(code: string): string {
  // A fence longer than any backtick run in the code, so a raw string holding ``` cannot close it.
  const longestRun = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}go\n${trimBlankLines(code)}\n${fence}`;
}

function indentCode(code: string): string {
  return trimBlankLines(code)
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n');
}

/** Drops blank lines before and after the code, keeping the first line's indentation. */
function trimBlankLines(code: string): string {
  return code.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd();
}
