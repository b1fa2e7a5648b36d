import type { RuleMeta, RuleOption } from '../types.js';

/**
 * The JSON Schema (draft-07, which editors' JSON language servers read) of `.gohazard.json`, made from
 * the rules' metadata so it names every rule, level and option the config reader accepts. Shipped as
 * schema/gohazard.schema.json; a config may point at it with `"$schema"`.
 */
export function configSchema(metas: readonly RuleMeta[], id: string): Record<string, unknown> {
  const setting = { enum: ['off', 'error', 'warning', 'note'] };
  const rules = Object.fromEntries(
    metas.map((m) => [
      m.id,
      {
        description: m.summary,
        anyOf: [
          setting,
          {
            type: 'object',
            additionalProperties: false,
            properties: { level: setting, ...Object.fromEntries((m.options ?? []).map((o) => [o.name, optionSchema(o)])) },
          },
        ],
      },
    ]),
  );
  const place = { enum: ['off', 'note', 'report'] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: id,
    title: 'gohazard configuration (.gohazard.json)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: { description: 'Rule levels and options, by rule id.', type: 'object', additionalProperties: false, properties: rules },
      exclude: { description: '.gitignore-style patterns of paths not to lint, relative to this file.', type: 'array', items: { type: 'string' } },
      testSupport: { description: 'More directory names, or module-relative path prefixes, whose code is test support.', type: 'array', items: { type: 'string' } },
      places: {
        description: 'What becomes of findings in test support and in commands.',
        type: 'object',
        additionalProperties: false,
        properties: { test: { ...place, description: 'Default: off.' }, command: { ...place, description: 'Default: note.' } },
      },
    },
  };
}

function optionSchema(o: RuleOption): Record<string, unknown> {
  const base = { description: o.description, default: o.default };
  if (o.type === 'boolean') return { ...base, type: 'boolean' };
  if (o.type === 'number') {
    return { ...base, type: o.integer ? 'integer' : 'number', ...(o.min !== undefined && { minimum: o.min }), ...(o.max !== undefined && { maximum: o.max }) };
  }
  return { ...base, type: 'array', items: { type: 'string', ...(o.items && { pattern: o.items.pattern.source }) } };
}
