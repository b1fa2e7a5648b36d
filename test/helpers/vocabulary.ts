import { lintPackage } from '../../src/engine/lint-package.js';
import { optionValues } from '../../src/engine/active-rules.js';
import type { Rule } from '../../src/rule-api.js';
import type { OptionValues } from '../../src/types.js';

/** Runs one rule on one Go package (file name → source) and returns the lines its findings start on. */
export async function findingLines(rule: Rule, files: Record<string, string>, options: OptionValues = {}): Promise<number[]> {
  const input = Object.entries(files).map(([path, text]) => ({ path: `svc/${path}`, text, isTest: path.endsWith('_test.go'), packageName: 'svc' }));
  const result = await lintPackage({ dir: 'svc', name: 'svc', files: input }, [{ rule, level: 'warning', options: optionValues(rule.meta.options, options) }]);
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.findings.map((f) => f.start.line);
}

/** The list without `entry`: what the rule would be without it. */
export function without(list: readonly string[], entry: string): string[] {
  return list.filter((e) => e !== entry);
}
