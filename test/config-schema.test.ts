import fs from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { SCHEMA, schemaText } from '../src/tools/gen-docs.js';
import { gohazard, goTree, CLEAN } from './helpers/cli.js';

/** schema/gohazard.schema.json: what editors autocomplete `.gohazard.json` from. */

const schema = JSON.parse(schemaText()) as object;
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

describe('the config schema', () => {
  it('is up to date (npm run docs) and shipped in the package', () => {
    expect(fs.readFileSync(SCHEMA, 'utf8')).toBe(schemaText());
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });

  it('accepts what the config reader accepts, every option default included', () => {
    const rules = Object.fromEntries(allRules.map((r) => [r.meta.id, { level: 'warning', ...Object.fromEntries((r.meta.options ?? []).map((o) => [o.name, o.default])) }]));
    const config = { $schema: './node_modules/gohazard/schema/gohazard.schema.json', rules: { ...rules, 'lost-cancel': 'off' }, exclude: ['gen/'], testSupport: ['qa'], places: { test: 'report', command: 'off' } };
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['an unknown rule', { rules: { 'lost-cancell': 'off' } }],
    ['an unknown level', { rules: { 'lost-cancel': 'info' } }],
    ['an unknown option', { rules: { 'lost-cancel': { level: 'note', nope: true } } }],
    ['an unknown key', { rulez: {} }],
    ['an unknown place setting', { places: { test: 'maybe' } }],
  ])('rejects %s, as the reader does', async (_, config) => {
    expect(validate(config)).toBe(false);
    const dir = goTree({ 'svc/a.go': CLEAN, '.gohazard.json': JSON.stringify(config) });
    expect((await gohazard(['./...'], { cwd: dir })).status).toBe(2);
  });
});
