import type { RuleOption, RuleOptions, StringListOption } from '../../src/types.js';

/**
 * The names that decide whether unbounded-cache speaks: what a key, a value type, a struct or a
 * function is called. Each list is data with a unit test per entry (test/vocabulary-unbounded-cache.test.ts:
 * a case that changes verdict without it), and each is extendable from config with `extend-<list>`,
 * which adds to the entries here and never replaces them.
 */

/** Words (lower case, as `splitWords` cuts `txHash` into `tx`, `hash`) that name request data: a memo or
 * counter keyed by a name holding one grows with the traffic, so it is reported. */
export const REQUEST_WORDS = [
  'hash', // content hashes: one per block or object ever asked for
  'digest', // the same, by another name
  'id', // entity and request ids
  'ids', // a key built from a list of ids
  'uid', // user ids
  'uuid', // generated ids: never repeat
  'guid', // the same, Windows spelling
  'txid', // transaction ids spelt as one word
  'txhash', // transaction hashes spelt as one word
  'blockhash', // block hashes spelt as one word
  'sessionid', // session ids spelt as one word
  'reqid', // request ids spelt as one word
  'url', // URLs callers fetch
  'uri', // the same, by another name
  'addr', // remote addresses
  'address', // the same, spelt out
  'ip', // client IPs
  'height', // block heights: grow forever
  'peer', // peers come and go
  'user', // users of the service
  'account', // accounts of the service
  'session', // sessions come and go
  'token', // tokens are minted per login or call
  'nonce', // never repeats by definition
  'tx', // transactions
  'request', // the request itself
  'req', // the same, short
  'remote', // remote endpoints
  'email', // users by address
] as const;

/** Parameter names of a generic memo helper (`func memoize(key string)`): keyed by whatever callers
 * bring, so reported. */
export const KEY_PARAMS = [
  'key', // the generic name of a memo's key
] as const;

/** Value type name endings of a shared resource handle: one per configured backend or mount, so a memo
 * of them is bounded by configuration and stays silent. */
export const HANDLE_TYPES = [
  'Conn', // *grpc.ClientConn, net.Conn: one per backend address
  'Client', // API clients, one per endpoint
  'Dialer', // dialers per network or proxy
  'Pool', // connection and worker pools per backend
  'FS', // fs.FS, afero-style file systems per mount
  'Filesystem', // the same, spelt out
  'FileSystem', // the same, camel-cased
  'Listener', // listeners per configured address
  'Transport', // http.Transport per proxy or TLS setting
] as const;

/** Struct name endings of one exchange's state: it lives for one request or reply, even with a Close,
 * so its maps are dropped with it and stay silent. */
export const EXCHANGE_TYPES = [
  'Request', // a request's state
  'Response', // a response's state
  'Result', // a call's result
  'Reply', // a reply's state
] as const;

/** Struct name endings that say the value outlives one call (a cache that lived for one call would cache
 * nothing), so its growing maps are reported. */
export const CACHE_TYPES = [
  'Cache', // BlockCache, schemaCache
] as const;

/** Method names (a word at the start of the name, optionally after `On`) of a life cycle: a struct with
 * one runs for long, so its growing maps are reported. */
export const LIFECYCLE_METHODS = [
  'Start', // started services
  'Run', // run loops
  'Serve', // servers
  'Stop', // stoppable services
  'Close', // closable long-lived handles
  'Shutdown', // servers shutting down
  'Loop', // event loops
  'Listen', // listeners
  'run', // the same, unexported
  'loop', // the same, unexported
  'start', // the same, unexported
  'stop', // the same, unexported
  'close', // the same, unexported
  'serve', // the same, unexported
] as const;

/** Function and method names (a word at the start of the name) of set-up: registration and refresh
 * overwrite the entry for a name they are given, so their writes stay silent. */
export const SETUP_WORDS = [
  'Register', // RegisterCodec: a registry filled at start-up
  'register', // the same, unexported
  'MustRegister', // the panicking form
  'mustRegister', // the same, unexported
  'Refresh', // RefreshLeader: replaces the entry for a known key
  'refresh', // the same, unexported
] as const;

/** Function and method name prefixes followed by another word (`SetLimit`, not `Set`): a setter of one
 * named thing, silent. A method called just `Set` is a cache's own write and counts. */
export const SETTER_WORDS = [
  'Set', // SetDefaultTTL: configuration by name
  'set', // setStatusLocked: the same, unexported
] as const;

/** Package-level function names (a word at the start of the name) of a set-up API: exported registration
 * and configuration entry points, silent. */
export const SETUP_FUNCTIONS = [
  'Set', // Set(name, v): package configuration
  'Add', // AddExtraOptions: registration of options
  'Handle', // Handle(pattern, fn): handler registration
  'Must', // MustParse-style set-up helpers
] as const;

export const VOCABULARY = {
  'request-words': REQUEST_WORDS,
  'key-params': KEY_PARAMS,
  'handle-types': HANDLE_TYPES,
  'exchange-types': EXCHANGE_TYPES,
  'cache-types': CACHE_TYPES,
  'lifecycle-methods': LIFECYCLE_METHODS,
  'setup-words': SETUP_WORDS,
  'setter-words': SETTER_WORDS,
  'setup-functions': SETUP_FUNCTIONS,
} as const;

export type VocabularyName = keyof typeof VOCABULARY;
export type Vocabulary = Readonly<Record<VocabularyName, readonly string[]>>;

const IDENTIFIER = { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, description: 'a Go identifier' };
const PART = { pattern: /^[A-Za-z0-9_]+$/, description: 'letters, digits or _' };

const OPTIONS: Record<VocabularyName, { what: string; items: NonNullable<StringListOption['items']>; example: string[] }> = {
  'request-words': { what: 'Words of a memo key that name request data (a memo keyed by one is reported).', items: { pattern: /^[a-z0-9]+$/, description: 'a lower-case word' }, example: ['sku'] },
  'key-params': { what: 'Parameter names that make a memo keyed by them reported (a generic helper keyed by whatever callers bring).', items: IDENTIFIER, example: ['k'] },
  'handle-types': { what: 'Value type name endings of shared handles (a memo of them stays silent).', items: PART, example: ['Session'] },
  'exchange-types': { what: 'Struct name endings of one exchange\'s state (its maps stay silent).', items: PART, example: ['Call'] },
  'cache-types': { what: 'Struct name endings that mark a long-lived value (its growing maps are reported).', items: PART, example: ['Registry'] },
  'lifecycle-methods': { what: 'Method names (first word, optionally after `On`) that mark a long-lived struct.', items: IDENTIFIER, example: ['Watch'] },
  'setup-words': { what: 'Function and method names (first word) whose writes are set-up and stay silent.', items: IDENTIFIER, example: ['Configure'] },
  'setter-words': { what: 'Function and method name prefixes, followed by another word, of setters that stay silent.', items: IDENTIFIER, example: ['Put'] },
  'setup-functions': { what: 'Package-level function names (first word) of a set-up API that stay silent.', items: IDENTIFIER, example: ['Use'] },
};

/** The rule's options: one `extend-<list>` per vocabulary. */
export const vocabularyOptions: RuleOption[] = (Object.keys(VOCABULARY) as VocabularyName[]).map((name) => ({
  name: `extend-${name}`,
  type: 'string-list',
  default: [],
  description: OPTIONS[name].what,
  items: OPTIONS[name].items,
  builtIn: VOCABULARY[name],
  example: OPTIONS[name].example,
}));

/** The vocabulary a run uses: the built-in lists (a test may pass fewer) and the config's extensions. */
export function vocabularyFor(builtIn: Vocabulary, options: RuleOptions): CacheWords {
  const sets = {} as Record<VocabularyName, ReadonlySet<string>>;
  for (const name of Object.keys(builtIn) as VocabularyName[]) sets[name] = new Set(options.vocabulary(name, builtIn[name]));
  return new CacheWords(sets);
}

/** How each list is matched against a name. */
export class CacheWords {
  constructor(private readonly sets: Readonly<Record<VocabularyName, ReadonlySet<string>>>) {}

  has(name: VocabularyName, word: string): boolean {
    return this.sets[name].has(word);
  }

  /** Whether `name` ends with an entry of the list. */
  endsWith(name: VocabularyName, text: string): boolean {
    for (const entry of this.sets[name]) if (text.endsWith(entry)) return true;
    return false;
  }

  /** Whether the first word of `text` (or, with `more`, a word followed by another) is an entry: `Start`,
   * `StartAll` and `Start_` for `Start`, not `Started`. */
  firstWord(name: VocabularyName, text: string, more = false): boolean {
    for (const entry of this.sets[name]) {
      if (!text.startsWith(entry)) continue;
      const next = text.charAt(entry.length);
      if (next === '' ? !more : /[A-Z_]/.test(next)) return true;
    }
    return false;
  }

  /** A life-cycle method: its first word, or the word after an `On`, is in the list. */
  lifecycle(method: string): boolean {
    return this.firstWord('lifecycle-methods', method) || (method.startsWith('On') && this.firstWord('lifecycle-methods', method.slice(2)));
  }
}
