import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/engine/config.js';
import { chooseRules, optionValues } from '../src/engine/active-rules.js';
import type { RuleOption } from '../src/types.js';
import { removeTree, tmpTree } from './helpers/tmp-tree.js';

const TESTS: RuleOption = { name: 'tests', type: 'boolean', default: false, description: 'Also lint _test.go files.' };
const schema = new Map<string, readonly RuleOption[]>([
  ['plain-rule', []],
  ['optioned-rule', [TESTS]],
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
  ])('rejects %s, naming the file and key', (_name, json, message) => {
    const file = configFile(json);
    expect(() => readConfig(file, schema)).toThrow(ConfigError);
    expect(() => readConfig(file, schema)).toThrow(message);
    expect(() => readConfig(file, schema)).toThrow(file);
  });
});

describe('option values', () => {
  it('fill in defaults and take what the config sets', () => {
    expect(optionValues([TESTS])).toEqual({ tests: false });
    expect(optionValues([TESTS], { tests: true })).toEqual({ tests: true });
    expect(optionValues(undefined)).toEqual({});
  });

  it('reach the chosen rules', () => {
    const config = readConfig(configFile('{"rules":{"lost-cancel":{"level":"error"}}}'), new Map([['lost-cancel', []]]));
    const chosen = chooseRules(config, { enable: new Set(), disable: new Set() }).find((c) => c.id === 'lost-cancel');
    expect(chosen).toEqual({ id: 'lost-cancel', level: 'error', options: {} });
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
