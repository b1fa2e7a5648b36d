import { allRules } from '../../rules/index.js';
import type { Config } from './config.js';
import type { ActiveRule } from '../rule-api.js';
import { optionSettings, readOptions } from './options.js';
import type { Level, OptionValues, RuleOption, RuleOptions } from '../types.js';

/** What the command line says about rules; it overrides every config file. */
export interface RuleFlags {
  enable: ReadonlySet<string>;
  disable: ReadonlySet<string>;
}

/** A rule id with the level it runs at: what crosses to a worker thread. */
export interface RuleChoice {
  id: string;
  level: Level;
  /** Plain values (a worker thread gets a structured clone); toActive wraps them for the rule. */
  options: OptionValues;
}

export const knownRuleIds: ReadonlySet<string> = new Set(allRules.map((r) => r.meta.id));

/** Each rule id with the options its config entry may set. */
export const ruleOptionSchema: ReadonlyMap<string, readonly RuleOption[]> = new Map(allRules.map((r) => [r.meta.id, r.meta.options ?? []]));

/** A rule's options as it reads them: the config's values where it sets them, the rule's defaults elsewhere. */
export function optionValues(options: readonly RuleOption[] | undefined, set: OptionValues = {}): RuleOptions {
  return readOptions(options, set);
}

/** The rules that run under one config: config levels first, then --enable / --disable (`--disable all`
 * turns off every rule that --enable does not name). */
export function chooseRules(config: Config, flags: RuleFlags): RuleChoice[] {
  const chosen: RuleChoice[] = [];
  for (const rule of allRules) {
    const id = rule.meta.id;
    if (flags.disable.has(id) || (flags.disable.has('all') && !flags.enable.has(id))) continue;
    const setting = config.rules[id];
    if (setting === 'off' && !flags.enable.has(id)) continue;
    const level = setting === undefined || setting === 'off' ? rule.meta.defaultLevel : setting;
    chosen.push({ id, level, options: optionSettings(rule.meta.options, config.options[id]) });
  }
  return chosen;
}

export function toActive(choices: readonly RuleChoice[]): ActiveRule[] {
  return choices.map(({ id, level, options }) => {
    const rule = allRules.find((r) => r.meta.id === id);
    if (!rule) throw new Error(`unknown rule ${id}`);
    return { rule, level, options: readOptions(rule.meta.options, options) };
  });
}
