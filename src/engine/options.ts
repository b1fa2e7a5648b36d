import type { OptionValue, OptionValues, RuleOption, RuleOptions } from '../types.js';

/**
 * Rule options: checking a config's value against the rule's declaration, filling in defaults, and the
 * typed reader rules get. Values stay plain data (they cross to worker threads); the reader is built
 * around them where the rule runs.
 */

/** Why `value` does not fit `option` ("must be a boolean"), or undefined when it does. */
export function optionProblem(option: RuleOption, value: unknown): string | undefined {
  switch (option.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean (true or false)';
    case 'number': {
      const range = [option.min === undefined ? '' : `>= ${option.min}`, option.max === undefined ? '' : `<= ${option.max}`].filter(Boolean).join(' and ');
      const wanted = `must be ${option.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`;
      if (typeof value !== 'number' || !Number.isFinite(value) || (option.integer && !Number.isInteger(value))) return wanted;
      if ((option.min !== undefined && value < option.min) || (option.max !== undefined && value > option.max)) return `${wanted}, not ${value}`;
      return undefined;
    }
    case 'string-list': {
      if (!Array.isArray(value)) return 'must be a list of strings';
      const list = value as unknown[];
      const bad = list.findIndex((item) => typeof item !== 'string' || item === '' || (option.items !== undefined && !option.items.pattern.test(item)));
      if (bad < 0) return undefined;
      const item = list[bad];
      if (typeof item !== 'string') return `must be a list of strings (item ${bad} is ${item === null ? 'null' : typeof item})`;
      if (item === '') return `must be a list of non-empty strings (item ${bad} is empty)`;
      return `item ${bad} ${JSON.stringify(item)} is not ${option.items!.description}`;
    }
  }
}

/** A rule's option values: what `set` gives (already checked), its defaults elsewhere. */
export function optionSettings(declared: readonly RuleOption[] | undefined, set: OptionValues = {}): OptionValues {
  const values: Record<string, OptionValue> = {};
  for (const o of declared ?? []) values[o.name] = set[o.name] ?? o.default;
  return values;
}

/** The typed reader over a rule's option values (defaults filled in for anything `values` leaves out). */
export function readOptions(declared: readonly RuleOption[] | undefined, values: OptionValues = {}): RuleOptions {
  const filled = optionSettings(declared, values);
  const read = (name: string, type: RuleOption['type']): OptionValue => {
    const option = declared?.find((o) => o.name === name);
    if (option?.type !== type) throw new Error(`the rule reads option ${name} as a ${type}, but declares ${option ? `a ${option.type}` : 'no such option'}`);
    return filled[name]!;
  };
  return {
    values: filled,
    bool: (name) => read(name, 'boolean') as boolean,
    number: (name) => read(name, 'number') as number,
    list: (name) => read(name, 'string-list') as readonly string[],
    vocabulary: (name, builtIn) => [...builtIn, ...(read(`extend-${name}`, 'string-list') as readonly string[])],
  };
}
