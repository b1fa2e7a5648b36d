import { describe, expect, it } from 'vitest';
import { ruleFullDescription, ruleHelpMarkdown, ruleHelpText } from '../src/format/index.js';
import { unwrapParagraphs } from '../src/format/rule-doc.js';
import { fakeRule } from './helpers/format-input.js';

const rule = fakeRule('lost-cancel', 'LostCancel', 'warning');

describe('ruleHelpMarkdown', () => {
  it("renders ruff's headings with one line per paragraph and fenced Go examples", () => {
    expect(ruleHelpMarkdown(rule)).toBe(
      [
        '# lost-cancel',
        '',
        'Summary of lost-cancel',
        '',
        '## What it does',
        '',
        'Flags `lost-cancel` things. This line was soft-wrapped.',
        '',
        'A second paragraph.',
        '',
        '## Why is this bad?',
        '',
        'It leaks.',
        '',
        '## Example',
        '',
        '```go',
        'func f() {',
        '\tgo leak()',
        '}',
        '```',
        '',
        '## Use instead',
        '',
        '```go',
        'func f() {',
        '\tgo fixed()',
        '}',
        '```',
        '',
        '## Known limits',
        '',
        '- one limit wrapped',
        '- another',
        '',
      ].join('\n'),
    );
  });

  it('uses a longer fence when the example holds a backtick run', () => {
    const md = ruleHelpMarkdown(fakeRule('x', 'X', 'note', { docs: { ...rule.docs, bad: 's := `a ``` b`' } }));
    expect(md).toContain('\n````go\ns := `a ``` b`\n````\n');
  });
});

describe('rule options on the page', () => {
  const optioned = fakeRule('unbounded-cache', 'UnboundedCache', 'warning', {
    options: [
      { name: 'extend-words', type: 'string-list', default: [], builtIn: ['id', 'hash'], example: ['sku'], description: 'More words.' },
      { name: 'tests', type: 'boolean', default: false, description: 'Also tests.' },
      { name: 'depth', type: 'number', default: 4, min: 1, max: 16, integer: true, description: 'How deep.' },
      { name: 'ratio', type: 'number', default: 0.5, description: 'A ratio.' },
    ],
  });

  it('lists each option with its type and default, the built-in entries an extend- list adds to, and a config example', () => {
    const page = ruleHelpMarkdown(optioned);
    expect(page.slice(page.indexOf('## Options'))).toBe(
      [
        '## Options',
        '',
        'Set in `.gohazard.json`:',
        '',
        '- `extend-words` (list of strings, default `[]`): More words. Adds to the built-in `id`, `hash`.',
        '- `tests` (boolean, default `false`): Also tests.',
        '- `depth` (integer 1..16, default `4`): How deep.',
        '- `ratio` (number, default `0.5`): A ratio.',
        '',
        '```json',
        JSON.stringify({ rules: { 'unbounded-cache': { level: 'warning', 'extend-words': ['sku'] } } }, null, 2),
        '```',
        '',
      ].join('\n'),
    );
  });

  it('lists them in the plain text too', () => {
    const text = ruleHelpText(optioned);
    expect(text.slice(text.indexOf('Options'))).toBe(
      [
        'Options (.gohazard.json):',
        '  extend-words (list of strings, default []): More words.',
        '  tests (boolean, default false): Also tests.',
        '  depth (integer 1..16, default 4): How deep.',
        '  ratio (number, default 0.5): A ratio.',
        '',
      ].join('\n'),
    );
  });
});

describe('ruleHelpText', () => {
  it('renders plain text with indented examples', () => {
    expect(ruleHelpText(rule)).toBe(
      'lost-cancel: Summary of lost-cancel\n\n' +
        'What it does:\nFlags `lost-cancel` things. This line was soft-wrapped.\n\nA second paragraph.\n\n' +
        'Why is this bad?\nIt leaks.\n\n' +
        'Example:\n    func f() {\n    \tgo leak()\n    }\n\n' +
        'Use instead:\n    func f() {\n    \tgo fixed()\n    }\n\n' +
        'Known limits:\n- one limit wrapped\n- another\n',
    );
  });
});

describe('unwrapParagraphs', () => {
  it('keeps fenced code, indented code, headings and tables as they are', () => {
    const md = [
      'Intro line',
      'continued.',
      '',
      '```go',
      'a := 1',
      '',
      '  b := 2',
      '```',
      '',
      '    indented code',
      '    more code',
      '',
      '# Heading',
      '| a | b |',
      '| - | - |',
      '> quote',
      'lazy',
      '1. item',
      '   continued',
    ].join('\n');
    expect(unwrapParagraphs(md)).toBe(
      [
        'Intro line continued.',
        '',
        '```go',
        'a := 1',
        '',
        '  b := 2',
        '```',
        '',
        '    indented code',
        '    more code',
        '',
        '# Heading',
        '| a | b |',
        '| - | - |',
        '> quote lazy',
        '1. item continued',
      ].join('\n'),
    );
  });
});

describe('ruleFullDescription', () => {
  it('is the first paragraph of "What it does" on one line', () => {
    expect(ruleFullDescription(rule)).toBe('Flags `lost-cancel` things. This line was soft-wrapped.');
  });

  it('stays within 1024 characters, cutting at a word and never inside a surrogate pair', () => {
    const long = fakeRule('x', 'X', 'note', { docs: { ...rule.docs, what: 'word '.repeat(300) } });
    const text = ruleFullDescription(long);
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(text).toMatch(/ word…$/);

    const emoji = fakeRule('x', 'X', 'note', { docs: { ...rule.docs, what: '😀'.repeat(600) } });
    const cut = ruleFullDescription(emoji);
    expect(cut.length).toBeLessThanOrEqual(1024);
    expect(cut).toBe(`${'😀'.repeat(511)}…`);
  });
});
