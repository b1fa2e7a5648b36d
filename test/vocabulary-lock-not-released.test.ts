import { describe, expect, it } from 'vitest';
import { HELD_DOCS, HELD_NAMES } from '../rules/lock-not-released/held-by-design.js';
import { lockNotReleased } from '../rules/lock-not-released/rule.js';
import { findingLines } from './helpers/vocabulary.js';

/**
 * The names and doc comments by which lock-not-released takes a function to hold its receiver's lock
 * across its boundary on purpose (rules/lock-not-released/held-by-design.ts): each entry silences a
 * method that would be reported under a plain name and doc, and none silences a lock of another
 * object than the receiver.
 */

/** A method (its Lock on line 8 when `doc` is one line) whose early return skips the Unlock. */
const method = (name: string, doc = '', mutex = 's.mu') => `package svc

import "sync"

type S struct{ mu sync.Mutex; o *S; n int }

${doc ? `// ${doc}\n` : ''}func (s *S) ${name}() bool {
	${mutex}.Lock()
	if s.n == 0 {
		return false
	}
	${mutex}.Unlock()
	return true
}
`;

const NAMES: Array<[number, string[]]> = [
  [0, ['flushLocked', 'removePeerLocked']],
  [1, ['applyWithLockHeld', 'pruneHoldingLock']],
  [2, ['lock', 'rlock', 'lockShard', 'LockAll', 'mustLock', 'tryLockPeer', 'RLock2']],
  [3, ['acquire', 'acquireSlot']],
];

const DOCS: Array<[number, string]> = [
  [0, 'prune must be called with s.mu held.'],
  [1, 'prune drops old entries. The lock is held.'],
  [2, 'prune returns with the write lock taken.'],
  [3, 'prune leaves the lock to the caller to release.'],
  [4, 'prune leaves with its state frozen.'],
];

describe('lock-not-released: names and doc comments of functions that hold a lock by design', () => {
  it('covers every entry', () => {
    expect(NAMES.map(([i]) => i)).toEqual(HELD_NAMES.map((_, i) => i));
    expect(DOCS.map(([i]) => i)).toEqual(HELD_DOCS.map((_, i) => i));
  });

  it('reports the plain method', async () => {
    expect(await findingLines(lockNotReleased, { 'a.go': method('prune') })).toEqual([8]);
  });

  it.each(NAMES.flatMap(([i, names]) => names.map((n) => [i, n] as const)))('name entry %i: %s', async (i, name) => {
    expect(HELD_NAMES[i]!.test(name)).toBe(true);
    expect(await findingLines(lockNotReleased, { 'a.go': method(name) })).toEqual([]);
    // The convention speaks of the receiver's lock, not of another object's.
    expect(await findingLines(lockNotReleased, { 'a.go': method(name, '', 's.o.mu') })).toEqual([]);
  });

  it.each(DOCS)('doc entry %i: %s', async (i, doc) => {
    expect(HELD_DOCS[i]!.test(doc)).toBe(true);
    expect(await findingLines(lockNotReleased, { 'a.go': method('prune', doc) })).toEqual([]);
  });

  it.each(['No lock held on entry.', 'prune must not be called with s.mu held.'])('a denial does not count: %s', async (doc) => {
    expect(await findingLines(lockNotReleased, { 'a.go': method('prune', doc) })).toEqual([9]);
  });

  it('a local mutex is checked whatever the method is called', async () => {
    const src = method('flushLocked', '', 'mu').replace('\tmu.Lock()', '\tvar mu sync.Mutex\n\tmu.Lock()');
    expect(await findingLines(lockNotReleased, { 'a.go': src })).toEqual([9]);
  });
});

describe('lock-not-released: deep input', () => {
  it('walks 10,000 nested ifs around a lock that leaks', async () => {
    const depth = 10000;
    const open = Array.from({ length: depth }, (_, i) => `if n > ${i} {\n`).join('');
    const leak = 'mu.Lock()\nif n == 0 {\nreturn\n}\nmu.Unlock()\n';
    const text = `package svc\n\nimport "sync"\n\nvar mu sync.Mutex\n\nfunc f(n int) {\n${open}${leak}${'}\n'.repeat(depth)}}\n`;
    expect(await findingLines(lockNotReleased, { 'a.go': text })).toEqual([8 + depth]);
  });
});
