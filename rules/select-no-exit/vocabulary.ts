import type { RuleOption, RuleOptions } from '../../src/types.js';

/**
 * The words select-no-exit looks for in a part of an endless loop that did not parse: one of them might
 * be the loop's way out, so the loop is not reported. Each entry has a case in
 * test/vocabulary-select-no-exit.test.ts that is reported without it; config adds more with
 * `extend-exit-words` (a project's own `die()` or `klog.Exitf`).
 *
 * An entry is a whole word of the unparsed text; a trailing `*` takes any word that starts with it.
 */
export const EXIT_WORDS = [
  'return', // leaves the function
  'break', // leaves the loop
  'goto', // may jump out of the loop
  'panic', // unwinds the goroutine
  'Exit', // os.Exit ends the process
  'Fatal*', // log.Fatal, Fatalf, t.Fatalf, zap's Fatalw: exit the process or the test goroutine
  'Goexit', // runtime.Goexit ends the goroutine
] as const;

export const exitWordsOption: RuleOption = {
  name: 'extend-exit-words',
  type: 'string-list',
  default: [],
  description:
    'Words that may leave an endless loop when they appear in a part of it that did not parse (a trailing `*` takes any word starting so), so the loop is not reported.',
  items: { pattern: /^[A-Za-z_][A-Za-z0-9_]*\*?$/, description: 'a Go identifier, optionally ending in *' },
  builtIn: EXIT_WORDS,
  example: ['die'],
};

/** One regex over the built-in words (a test may pass fewer) and the config's. */
export function exitWordPattern(builtIn: readonly string[], options: RuleOptions): RegExp {
  const words = options.vocabulary('exit-words', builtIn).map((w) => (w.endsWith('*') ? `${w.slice(0, -1)}\\w*` : w));
  // No words: nothing may be an exit (an empty alternation would match everywhere).
  return words.length === 0 ? /(?!)/ : new RegExp(`\\b(${words.join('|')})\\b`);
}
