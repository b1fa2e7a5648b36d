import { describe, expect, it } from 'vitest';
import { createSelectNoExit } from '../rules/select-no-exit/rule.js';
import { EXIT_WORDS } from '../rules/select-no-exit/vocabulary.js';
import { findingLines, without } from './helpers/vocabulary.js';

/**
 * Every exit word of select-no-exit (rules/select-no-exit/vocabulary.ts) changes a verdict: an endless
 * loop around a select, part of which did not parse and spells the word, is silent with the word (the
 * unparsed part may be the way out) and reported without it; `extend-exit-words` puts it back.
 */

/** The lists as specified: an entry added to or dropped from vocabulary.ts without its case here fails. */
const ENTRIES = ['return', 'break', 'goto', 'panic', 'Exit', 'Fatal*', 'Goexit'];

/** An endless select loop (on line 4) with a statement that does not parse and spells `text`. */
const brokenLoop = (text: string) => `package svc

func drain(ch chan int) {
	for {
		select {
		case <-ch:
		}
		x := [${text}]
	}
}
`;

describe('select-no-exit exit words: every entry changes a verdict', () => {
  it('holds exactly the specified entries', () => {
    expect(EXIT_WORDS).toEqual(ENTRIES);
  });

  it.each(ENTRIES.map((entry) => [entry, entry.replace('*', 'f')]))('%s (spelt %s)', async (entry, spelt) => {
    const src = brokenLoop(spelt);
    const reduced = createSelectNoExit(without(EXIT_WORDS, entry));
    expect(await findingLines(createSelectNoExit(), { 'a.go': src })).toEqual([]);
    expect(await findingLines(reduced, { 'a.go': src })).toEqual([4]);
    expect(await findingLines(reduced, { 'a.go': src }, { 'extend-exit-words': [entry] })).toEqual([]);
  });
});

describe('select-no-exit exit words: how they are matched', () => {
  const rule = createSelectNoExit();

  it.each([
    ['a word ending a * entry differently', 'log.Fatalln', false],
    ['the * entry as the whole word', 'log.Fatal', false],
    ['a longer word than a plain entry', 'returned', true],
    ['an entry inside a word', 'noreturn', true],
    ['no exit word at all', 'nothing', true],
  ])('%s: %s', async (_name, text, reported) => {
    expect(await findingLines(rule, { 'a.go': brokenLoop(text) })).toEqual(reported ? [4] : []);
  });

  it('reports every such loop when no word is left', async () => {
    expect(await findingLines(createSelectNoExit([]), { 'a.go': brokenLoop('return') })).toEqual([4]);
  });

  it('takes a project\'s own words from config, * included', async () => {
    expect(await findingLines(rule, { 'a.go': brokenLoop('die') }, { 'extend-exit-words': ['die'] })).toEqual([]);
    expect(await findingLines(rule, { 'a.go': brokenLoop('klog.Exitf') })).toEqual([4]);
    expect(await findingLines(rule, { 'a.go': brokenLoop('klog.Exitf') }, { 'extend-exit-words': ['Exit*'] })).toEqual([]);
  });
});
