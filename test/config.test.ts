import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/engine/config.js';
import { chooseRules, optionValues, ruleOptionSchema, toActive } from '../src/engine/active-rules.js';
import type { RuleOption } from '../src/types.js';
import { allRules } from '../rules/index.js';
import { optionProblem } from '../src/engine/options.js';
import { removeTree, tmpTree } from './helpers/tmp-tree.js';

const TESTS: RuleOption = { name: 'tests', type: 'boolean', default: false, description: 'Also lint _test.go files.' };
const DEPTH: RuleOption = { name: 'depth', type: 'number', default: 4, min: 1, max: 16, integer: true, description: 'How far to follow calls.' };
const RATIO: RuleOption = { name: 'ratio', type: 'number', default: 0.5, description: 'Any number.' };
const WORDS: RuleOption = {
  name: 'extend-words',
  type: 'string-list',
  default: [],
  items: { pattern: /^[a-z0-9]+$/, description: 'a lower-case word' },
  description: 'More words.',
};
const NAMES: RuleOption = { name: 'names', type: 'string-list', default: ['a'], description: 'Any names.' };
const schema = new Map<string, readonly RuleOption[]>([
  ['plain-rule', []],
  ['optioned-rule', [TESTS]],
  ['typed-rule', [TESTS, DEPTH, RATIO, WORDS, NAMES]],
]);

const roots: string[] = [];
afterAll(() => roots.forEach(removeTree));

function configFile(json: string): string {
  const root = tmpTree({ '.gohazard.json': json });
  roots.push(root);
  return path.join(root, '.gohazard.json');
}

describe('rule settings in .gohazard.json', () => {
  it('takes a level string or an object with a level and the rule\'s options', () => {
    const config = readConfig(configFile('{"rules":{"plain-rule":"error","optioned-rule":{"level":"note","tests":true}}}'), schema);
    expect(config.rules).toEqual({ 'plain-rule': 'error', 'optioned-rule': 'note' });
    expect(config.options).toEqual({ 'optioned-rule': { tests: true } });
  });

  it('leaves the level alone when the object sets only options', () => {
    const config = readConfig(configFile('{"rules":{"optioned-rule":{"tests":true}}}'), schema);
    expect(config.rules).toEqual({});
    expect(config.options).toEqual({ 'optioned-rule': { tests: true } });
  });

  it.each([
    ['an option the rule does not have', '{"rules":{"plain-rule":{"tests":true}}}', 'unknown option rules."plain-rule".tests (known: level)'],
    ['an option of the wrong type', '{"rules":{"optioned-rule":{"tests":"yes"}}}', 'rules."optioned-rule".tests must be a boolean'],
    ['a bad level inside the object', '{"rules":{"optioned-rule":{"level":"loud"}}}', 'rules."optioned-rule".level must be one of'],
    ['a setting that is neither', '{"rules":{"plain-rule":3}}', 'rules."plain-rule" must be one of'],
    ['a number for a boolean', '{"rules":{"typed-rule":{"tests":1}}}', 'rules."typed-rule".tests must be a boolean (true or false)'],
    ['a string for a number', '{"rules":{"typed-rule":{"depth":"4"}}}', 'rules."typed-rule".depth must be an integer >= 1 and <= 16'],
    ['a fraction for an integer', '{"rules":{"typed-rule":{"depth":2.5}}}', 'rules."typed-rule".depth must be an integer >= 1 and <= 16'],
    ['a number under the minimum', '{"rules":{"typed-rule":{"depth":0}}}', 'rules."typed-rule".depth must be an integer >= 1 and <= 16, not 0'],
    ['a number over the maximum', '{"rules":{"typed-rule":{"depth":17}}}', 'rules."typed-rule".depth must be an integer >= 1 and <= 16, not 17'],
    ['a list for a number', '{"rules":{"typed-rule":{"ratio":[1]}}}', 'rules."typed-rule".ratio must be a number'],
    ['a string for a list', '{"rules":{"typed-rule":{"extend-words":"sku"}}}', 'rules."typed-rule".extend-words must be a list of strings'],
    ['a number in a list', '{"rules":{"typed-rule":{"extend-words":["sku",7]}}}', 'rules."typed-rule".extend-words must be a list of strings (item 1 is number)'],
    ['null in a list', '{"rules":{"typed-rule":{"names":[null]}}}', 'rules."typed-rule".names must be a list of strings (item 0 is null)'],
    ['an empty string in a list', '{"rules":{"typed-rule":{"names":["b",""]}}}', 'rules."typed-rule".names must be a list of non-empty strings (item 1 is empty)'],
    ['a list item the option does not take', '{"rules":{"typed-rule":{"extend-words":["sku","OrderID"]}}}', 'rules."typed-rule".extend-words item 1 "OrderID" is not a lower-case word'],
    ['an unknown option, listing the known ones', '{"rules":{"typed-rule":{"extend-word":[]}}}', 'unknown option rules."typed-rule".extend-word (known: level, tests, depth, ratio, extend-words, names)'],
  ])('rejects %s, naming the file and key', (_name, json, message) => {
    const file = configFile(json);
    expect(() => readConfig(file, schema)).toThrow(ConfigError);
    expect(() => readConfig(file, schema)).toThrow(message);
    expect(() => readConfig(file, schema)).toThrow(file);
  });
});

describe('option values', () => {
  it('take every type from the config', () => {
    const config = readConfig(configFile('{"rules":{"typed-rule":{"tests":true,"depth":16,"ratio":-2.25,"extend-words":["sku"],"names":[]}}}'), schema);
    expect(config.options).toEqual({ 'typed-rule': { tests: true, depth: 16, ratio: -2.25, 'extend-words': ['sku'], names: [] } });
  });

  it('fill in defaults and take what the config sets', () => {
    expect(optionValues([TESTS]).values).toEqual({ tests: false });
    expect(optionValues([TESTS], { tests: true }).values).toEqual({ tests: true });
    expect(optionValues(undefined).values).toEqual({});
    expect(optionValues([TESTS, DEPTH, WORDS, NAMES], { depth: 8 }).values).toEqual({ tests: false, depth: 8, 'extend-words': [], names: ['a'] });
  });

  it('are read by type', () => {
    const options = optionValues([TESTS, DEPTH, RATIO, WORDS, NAMES], { tests: true, ratio: 3, 'extend-words': ['sku'] });
    expect(options.bool('tests')).toBe(true);
    expect(options.number('depth')).toBe(4);
    expect(options.number('ratio')).toBe(3);
    expect(options.list('names')).toEqual(['a']);
    expect(options.list('extend-words')).toEqual(['sku']);
  });

  it('extend a vocabulary: the extend- entries follow the built-in ones and never replace them', () => {
    expect(optionValues([WORDS], { 'extend-words': ['sku', 'order'] }).vocabulary('words', ['id', 'hash'])).toEqual(['id', 'hash', 'sku', 'order']);
    expect(optionValues([WORDS]).vocabulary('words', ['id'])).toEqual(['id']);
  });

  it('throw when a rule reads an option it does not declare, or as another type', () => {
    const options = optionValues([TESTS, WORDS]);
    expect(() => options.bool('test')).toThrow('the rule reads option test as a boolean, but declares no such option');
    expect(() => options.number('tests')).toThrow('the rule reads option tests as a number, but declares a boolean');
    expect(() => options.vocabulary('names', [])).toThrow('the rule reads option extend-names as a string-list, but declares no such option');
  });

  it('reach the chosen rules', () => {
    const config = readConfig(configFile('{"rules":{"lost-cancel":{"level":"error"}}}'), new Map([['lost-cancel', []]]));
    const chosen = chooseRules(config, { enable: new Set(), disable: new Set() }).find((c) => c.id === 'lost-cancel');
    expect(chosen).toEqual({ id: 'lost-cancel', level: 'error', options: {} });
  });

  it('reach the rules a worker runs, from the plain values that cross to it', () => {
    const config = readConfig(configFile('{"rules":{"select-no-exit":{"extend-exit-words":["halt"]}}}'), ruleOptionSchema);
    const chosen = chooseRules(config, { enable: new Set(), disable: new Set() });
    const choice = chosen.find((c) => c.id === 'select-no-exit')!;
    expect(choice.options).toEqual({ 'extend-exit-words': ['halt'] });
    const active = toActive(structuredClone(chosen)).find((a) => a.rule.meta.id === 'select-no-exit')!;
    expect(active.options!.list('extend-exit-words')).toEqual(['halt']);
  });
});

describe('the rules\' option declarations', () => {
  it('declare every extend- option as a list that adds to a built-in vocabulary, empty by default', () => {
    const extend = allRules.flatMap((r) => (r.meta.options ?? []).filter((o) => o.name.startsWith('extend-')).map((o) => ({ rule: r.meta.id, o })));
    expect(extend.map(({ rule, o }) => `${rule}/${o.name}`)).toContain('unbounded-cache/extend-request-words');
    for (const { rule, o } of extend) {
      expect(o.type, `${rule}/${o.name}`).toBe('string-list');
      if (o.type !== 'string-list') continue;
      expect(o.default, `${rule}/${o.name}`).toEqual([]);
      expect(o.builtIn?.length, `${rule}/${o.name} lists its built-in entries`).toBeGreaterThan(0);
      for (const entry of o.builtIn ?? []) expect(optionProblem(o, [entry]), `${rule}/${o.name}: ${entry}`).toBeUndefined();
    }
  });

  it('have defaults their own checks accept', () => {
    for (const r of allRules) for (const o of r.meta.options ?? []) expect(optionProblem(o, o.default), `${r.meta.id}/${o.name}`).toBeUndefined();
  });
});

describe('testSupport in .gohazard.json', () => {
  it('is empty by default and keeps names as names and paths as module-relative paths', () => {
    expect(readConfig(configFile('{}'), schema).testSupport).toEqual([]);
    const config = readConfig(configFile('{"testSupport":["qa","qa2/","internal/fixtures/","./load","/top","a//b"]}'), schema);
    expect(config.testSupport).toEqual(['qa', 'qa2', 'internal/fixtures', '/load', '/top', 'a/b']);
  });

  it.each([
    ['not an array', '{"testSupport":"qa"}', '"testSupport" must be an array'],
    ['a non-string entry', '{"testSupport":["qa",1]}', '"testSupport" must be an array'],
    ['an empty entry', '{"testSupport":["/"]}', 'testSupport[0]'],
    ['an entry leaving the module', '{"testSupport":["ok","../x"]}', 'testSupport[1]'],
    ['a backslash', '{"testSupport":["a\\\\b"]}', 'testSupport[0]'],
  ])('rejects %s, naming the file and entry', (_name, json, message) => {
    const file = configFile(json);
    expect(() => readConfig(file, schema)).toThrow(ConfigError);
    expect(() => readConfig(file, schema)).toThrow(message);
    expect(() => readConfig(file, schema)).toThrow(file);
  });
});
