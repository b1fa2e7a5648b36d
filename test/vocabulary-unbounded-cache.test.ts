import { describe, expect, it } from 'vitest';
import { createUnboundedCache } from '../rules/unbounded-cache/rule.js';
import { VOCABULARY, type VocabularyName } from '../rules/unbounded-cache/vocabulary.js';
import { findingLines, without } from './helpers/vocabulary.js';

/**
 * Every entry of unbounded-cache's vocabularies (rules/unbounded-cache/vocabulary.ts) changes a verdict:
 * for each, a small package the rule judges one way with the entry and the other way without it, and
 * the same as with it again when config's `extend-<list>` puts the entry back. An entry no case can
 * make matter does not belong in the list.
 */

interface Case {
  /** What the rule says with the entry: a finding on the line marked `// finding`, or nothing. */
  withEntry: 'finding' | 'silent';
  go(entry: string): string;
}

/** A package map with a lock, filled as a memo keyed by a parameter called `name`. */
const memoKeyedBy = (name: string) => `package svc

import "sync"

var (
	mu   sync.Mutex
	memo = map[string]int{} // finding
)

func lookup(${name} string) int {
	mu.Lock()
	defer mu.Unlock()
	if v, ok := memo[${name}]; ok {
		return v
	}
	v := len(${name})
	memo[${name}] = v
	return v
}
`;

/** A mutex-guarded struct named \`owner\` with a method called \`method\`, and a method that adds keys. */
const guarded = (owner: string, method: string) => `package svc

import "sync"

type ${owner} struct {
	mu   sync.Mutex
	seen map[string]int // finding
}

func (s *${owner}) ${method}() {}

func (s *${owner}) put(k string) {
	s.mu.Lock()
	s.seen[k] = 1
	s.mu.Unlock()
}
`;

/** A long-lived struct (it has a Run loop) whose method \`method\` adds keys. */
const writtenByMethod = (method: string) => `package svc

import "sync"

type codecs struct {
	mu sync.Mutex
	m  map[string]int // finding
}

func (c *codecs) Run() {}

func (c *codecs) ${method}(name string, v int) {
	c.mu.Lock()
	c.m[name] = v
	c.mu.Unlock()
}
`;

/** A package map with a lock that the package-level function \`fn\` adds keys to. */
const writtenByFunction = (fn: string) => `package svc

import "sync"

var (
	mu     sync.Mutex
	limits = map[string]int{} // finding
)

func ${fn}(name string, n int) {
	mu.Lock()
	limits[name] = n
	mu.Unlock()
}
`;

const CASES: Record<VocabularyName, Case> = {
  'request-words': { withEntry: 'finding', go: memoKeyedBy },
  'key-params': { withEntry: 'finding', go: memoKeyedBy },
  'handle-types': {
    withEntry: 'silent',
    go: (type) => `package svc

import "sync"

type ${type} struct{ n int }

var (
	mu    sync.Mutex
	conns = map[string]*${type}{} // finding
)

func dial(addr string) *${type} {
	mu.Lock()
	defer mu.Unlock()
	if c, ok := conns[addr]; ok {
		return c
	}
	c := &${type}{}
	conns[addr] = c
	return c
}
`,
  },
  'exchange-types': { withEntry: 'silent', go: (suffix) => guarded(`order${suffix}`, 'Start') },
  'cache-types': { withEntry: 'finding', go: (suffix) => guarded(`block${suffix}`, 'size') },
  'lifecycle-methods': { withEntry: 'finding', go: (method) => guarded('store', method) },
  'setup-words': { withEntry: 'silent', go: (word) => writtenByMethod(`${word}Codec`) },
  'setter-words': { withEntry: 'silent', go: (word) => writtenByMethod(`${word}Limit`) },
  'setup-functions': { withEntry: 'silent', go: (word) => writtenByFunction(word) },
};

/** The lists as specified: an entry added to or dropped from vocabulary.ts without its case here fails. */
const ENTRIES: Record<VocabularyName, string[]> = {
  'request-words': ['hash', 'digest', 'id', 'ids', 'uid', 'uuid', 'guid', 'txid', 'txhash', 'blockhash', 'sessionid', 'reqid', 'url', 'uri', 'addr', 'address', 'ip', 'height', 'peer', 'user', 'account', 'session', 'token', 'nonce', 'tx', 'request', 'req', 'remote', 'email'],
  'key-params': ['key'],
  'handle-types': ['Conn', 'Client', 'Dialer', 'Pool', 'FS', 'Filesystem', 'FileSystem', 'Listener', 'Transport'],
  'exchange-types': ['Request', 'Response', 'Result', 'Reply'],
  'cache-types': ['Cache'],
  'lifecycle-methods': ['Start', 'Run', 'Serve', 'Stop', 'Close', 'Shutdown', 'Loop', 'Listen', 'run', 'loop', 'start', 'stop', 'close', 'serve'],
  'setup-words': ['Register', 'register', 'MustRegister', 'mustRegister', 'Refresh', 'refresh'],
  'setter-words': ['Set', 'set'],
  'setup-functions': ['Set', 'Add', 'Handle', 'Must'],
};

function markedLine(go: string): number {
  return go.split('\n').findIndex((line) => line.endsWith('// finding')) + 1;
}

describe('unbounded-cache vocabulary: every entry changes a verdict', () => {
  it('holds exactly the specified entries', () => {
    expect(VOCABULARY).toEqual(ENTRIES);
  });

  for (const name of Object.keys(ENTRIES) as VocabularyName[]) {
    const { withEntry, go } = CASES[name];
    describe(name, () => {
      it.each(ENTRIES[name])('%s', async (entry) => {
        const src = go(entry);
        const line = markedLine(src);
        const finding = [line];
        const withIt = await findingLines(createUnboundedCache(), { 'a.go': src });
        const reduced = createUnboundedCache({ ...VOCABULARY, [name]: without(VOCABULARY[name], entry) });
        const withoutIt = await findingLines(reduced, { 'a.go': src });
        const extended = await findingLines(reduced, { 'a.go': src }, { [`extend-${name}`]: [entry] });
        expect(withIt).toEqual(withEntry === 'finding' ? finding : []);
        expect(withoutIt).toEqual(withEntry === 'finding' ? [] : finding);
        expect(extended).toEqual(withIt);
      });
    });
  }
});

describe('unbounded-cache vocabulary: how names are matched', () => {
  const rule = createUnboundedCache();

  it.each([
    ['a life-cycle word followed by another word', guarded('store', 'StartAll'), true],
    ['a life-cycle word after On', guarded('store', 'OnStart'), true],
    ['a life-cycle word ending in _', guarded('store', 'Run_'), true],
    ['a longer word that begins with a life-cycle word', guarded('store', 'Started'), false],
    ['a life-cycle word that is not the first', guarded('store', 'AutoStart'), false],
    ['a method called just Set: the cache\'s own write', writtenByMethod('Set'), true],
    ['a setter word followed by another word', writtenByMethod('SetLimit'), false],
    ['a setup word as the whole name', writtenByMethod('Register'), false],
    ['a setup word that is not the first', writtenByMethod('autoRegister'), true],
    ['an unexported set-up function word (the API is exported)', writtenByFunction('add'), true],
    ['a set-up function word followed by another word', writtenByFunction('AddLimit'), false],
    ['a type ending with a handle type', CASES['handle-types'].go('ClientConn'), false],
    ['a type ending with a request word, not a handle type', CASES['handle-types'].go('ConnInfo'), true],
    ['a request word inside a camel-cased key', memoKeyedBy('peerAddr'), true],
    ['a key whose words name no request data', memoKeyedBy('codecName'), false],
  ])('%s', async (_name, src, reported) => {
    expect(await findingLines(rule, { 'a.go': src })).toEqual(reported ? [markedLine(src)] : []);
  });
});
