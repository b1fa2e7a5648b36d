import { describe, expect, it } from 'vitest';
import { cgoNotFreed } from '../rules/cgo-not-freed/rule.js';
import { KEEPS } from '../rules/cgo-not-freed/cgo-row.js';
import { OWNERSHIP_PHRASES } from '../rules/cgo-not-freed/ownership-comment.js';
import { findingLines } from './helpers/vocabulary.js';

/**
 * The vocabulary of cgo-not-freed that decides silence: each ownership phrase (ownership-comment.ts)
 * makes an inline allocation handed to C silent, and the same call with a neutral comment is
 * reported; each releasing name shape (`free`, `release`, `destroy`, a preamble function that frees
 * a parameter or passes `free` as a destructor) releases, and a lookalike does not.
 */

/** One comment per phrase, in the order of OWNERSHIP_PHRASES. */
const PHRASES = [
  'the queue takes ownership of the name',
  'ownership passes to the library',
  'owned by C from here on',
  'freed by C when the handle closes',
  'C frees it in the completion callback',
  'we later tell the library to free it when done',
];

const inline = (comment: string) => `package svc

// #include <stdlib.h>
import "C"

func attach(q *C.queue_t, name string) {
	C.queue_attach(q, C.CString(name)) // ${comment}
}
`;

describe('cgo-not-freed ownership phrases: every entry changes a verdict', () => {
  it('has one case per phrase', () => {
    expect(OWNERSHIP_PHRASES.length).toBe(PHRASES.length);
  });

  it.each(PHRASES.map((p, i) => [p, i]))('"%s"', async (phrase, i) => {
    expect(OWNERSHIP_PHRASES[i as number]!.test(phrase as string)).toBe(true);
    expect(OWNERSHIP_PHRASES.filter((_, j) => j !== i).some((p) => p.test(phrase as string))).toBe(false);
    expect(await findingLines(cgoNotFreed, { 'a.go': inline(phrase as string) })).toEqual([]);
  });

  it('a neutral comment hands nothing over', async () => {
    expect(await findingLines(cgoNotFreed, { 'a.go': inline('attach the queue name') })).toEqual([7]);
  });
});

const released = (preamble: string, call: string) => `package svc

/*
#include <stdlib.h>
${preamble}
*/
import "C"

import "unsafe"

func tag(db *C.db_t, s string) {
	cs := C.CString(s)
	C.db_tag(db, cs)
	${call}
}
`;

describe('cgo-not-freed releasing C functions', () => {
  it.each([
    ['C.free(unsafe.Pointer(cs))'],
    ['C.db_free_string(cs)'],
    ['C.db_release(unsafe.Pointer(cs))'],
    ['C.db_destroy_str(cs)'],
  ])('%s releases', async (call) => {
    expect(await findingLines(cgoNotFreed, { 'a.go': released('', call) })).toEqual([]);
  });

  it('putenv keeps its string (KEEPS): handing it over is not a leak', async () => {
    expect(KEEPS).toEqual(new Set(['putenv']));
    expect(await findingLines(cgoNotFreed, { 'a.go': released('', 'C.putenv(cs)') })).toEqual([]);
    expect(await findingLines(cgoNotFreed, { 'a.go': inline('set the variable').replace('C.queue_attach(q, C.CString(name))', 'C.putenv(C.CString(name))') })).toEqual([]);
  });

  it('a lookalike C call does not', async () => {
    expect(await findingLines(cgoNotFreed, { 'a.go': released('', 'C.db_flush(cs)') })).toEqual([12]);
  });

  it.each([
    ['static void put_str(char *s) { use(s); free(s); }'],
    ['static void put_str(const char *s) { db_result(s, &free); }'],
    ['static void put_str(char *s) { db_result(s, free); }'],
  ])('a preamble function that frees its parameter releases: %s', async (preamble) => {
    expect(await findingLines(cgoNotFreed, { 'a.go': released(preamble, 'C.put_str(cs)') })).toEqual([]);
  });

  it('a preamble function that frees only its own memory does not', async () => {
    const preamble = 'static void put_str(char *s) { char *t = strdup(s); use(t); free(t); }';
    expect(await findingLines(cgoNotFreed, { 'a.go': released(preamble, 'C.put_str(cs)') })).toEqual([12]);
  });
});
