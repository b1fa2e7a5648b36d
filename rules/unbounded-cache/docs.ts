import type { RuleDocs } from '../../src/types.js';

/** The unbounded-cache rule's page: `npm run docs` writes docs/rules/unbounded-cache.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags a map that a long-running program only ever adds to: a package-level map (`var m = map[K]V{}`, ' +
    '`make(map[K]V)`) or `sync.Map`, or a map field of a struct that also holds a `sync.Mutex`/`sync.RWMutex` by ' +
    'value (shared, long-lived state), which is written at run time (`m[k] = v`, `m[k]++`, `Store`, `LoadOrStore`, `Swap`) and never ' +
    'shrunk anywhere in the package: no `delete`, `clear`, `maps.DeleteFunc`, `Delete`, `LoadAndDelete`, ' +
    '`CompareAndDelete`, and no re-assignment of a new map, in any file. The finding sits on the map\'s ' +
    'declaration and names one write site.',
  why:
    'Every distinct key stays forever: sessions, peers, request ids, remote addresses. Memory grows with the ' +
    'traffic the process has ever seen, slowly enough to pass every test, until the process is OOM-killed in ' +
    'production, usually days after a deploy, and the heap profile points at a map nobody thinks of as a cache.',
  bad:
    'var (\n' +
    '\tsessionsMu sync.Mutex\n' +
    '\tsessions   = map[string]time.Time{}\n' +
    ')\n\n' +
    'func login(w http.ResponseWriter, r *http.Request) {\n' +
    '\tid := newToken()\n' +
    '\tsessionsMu.Lock()\n' +
    '\tsessions[id] = time.Now() // never deleted: one entry per login, forever\n' +
    '\tsessionsMu.Unlock()\n' +
    '}',
  good:
    'func login(w http.ResponseWriter, r *http.Request) {\n' +
    '\tid := newToken()\n' +
    '\tsessionsMu.Lock()\n' +
    '\tsessions[id] = time.Now()\n' +
    '\tsessionsMu.Unlock()\n' +
    '}\n\n' +
    'func logout(id string) {\n' +
    '\tsessionsMu.Lock()\n' +
    '\tdelete(sessions, id)\n' +
    '\tsessionsMu.Unlock()\n' +
    '}\n\n' +
    '// and expire the ones nobody logs out of, on a ticker, or use an LRU/TTL cache',
  limits:
    'Tuned to stay quiet on bounded maps; it misses many real leaks. Silent: packages `main`, packages under ' +
    '`cmd/`, test and tool directories and `_test.go` files (short-lived programs); maps filled in `init`, in the ' +
    'declaration, in a helper called only from `init` or `once.Do`, or in a constructor of the owner (a function ' +
    'returning it); writes in `Register*` functions, `Set*`/`set*` and `Refresh*`/`refresh*` functions and methods (which overwrite the entry for a key they are given), and exported ' +
    '`Add*`/`Handle*`/`Must*` functions (registries and configuration); writes under a `len(m)` comparison or ' +
    'inside `if debugConst`; writes whose key is a constant, a `reflect.Type` (the encoding/json cache) or a key ' +
    'of the same map (`for k := range m`, a `Range` callback); updates in the branch where a lookup of the same ' +
    'key succeeded (`if v, ok := m[k]; ok { m[k] = ... }`) or after a branch that returns when it missed. ' +
    'A memo (a write after a lookup of the same key missed, `LoadOrStore`) or a counter (`m[k]++`, `m[k] += n`) ' +
    'is flagged only when its key is named for request data: a word of its names (or of what a local key was ' +
    'built from) is a hash, id, URL/URI, address, IP, height, peer, user, account, session, token, nonce, tx or ' +
    'request, or it is a parameter called `key`, or (a memo, not a counter) it is handed in by callers: a parameter ' +
    'of an exported function or of an exported method of an exported type, or a value of a handler\'s ' +
    '`*http.Request` (a struct key built from several names is left to the names); and even then not when the value is a connection, client, ' +
    'dialer, pool, listener, transport or filesystem (one per configured backend), or when the write is under ' +
    '`if m != nil` (a map that exists only in a mode someone switched on). Memos keyed by what the program ' +
    'names (types, codec, metric and trace names, size classes, configured databases) stay silent, and so ' +
    'does a request-keyed memo whose key is called something else (`q`, `name`, `k`). Also silent: maps keyed ' +
    'by `bool`, one-byte integers, `reflect.Type`/`Kind` or an enum of the package. A map of maps grows at either ' +
    'level (`m[a] = inner`, `m[a][b] = v`) and a delete at either level (`delete(m[a], b)`) bounds it. Also ' +
    'silent: a map the constructor stores from a local it deletes from (an LRU eviction callback); writes in ' +
    'methods that only the owner\'s constructors call; keys ranging over a package-level composite literal; ' +
    'writes in a function that takes a `...Handler` under one of its parameters (registering a configured ' +
    'child); a handler literal writing a key captured from the function that built it; a map field whose values are ' +
    'elements of a slice field of the same struct (`byKey map[K][]*Deposit` beside `deposits []*Deposit`: an index ' +
    'over a collection the struct keeps, which grows as that collection does); a write storing metric handles ' +
    'registered by name (`GetOrRegister*`, `NewRegistered*`, `MustRegister`, `WithLabelValues`, directly or through a ' +
    'local): the registry keeps them anyway. Any use that hands the map to code not followed (an ' +
    'alias, an argument to a function outside `len`, `fmt`, `log`, `sort`, `json`, `maps` readers, a return, a ' +
    'field of a literal, `&m`) is trusted to shrink it. A plain package map counts only when its writer takes ' +
    'a lock (an unlocked one is set up by one goroutine). A struct counts only when it looks long-lived: a ' +
    'method named `Start`/`Run`/`Serve`/`Close`/`Stop`/`Shutdown`/`Loop`/`Listen` (or `OnStart`, ...), a method that starts a ' +
    'goroutine, a package variable of the type, or a type name ending in `Cache`; a type named `...Request`, ' +
    '`...Response`, `...Result` or `...Reply` holds one exchange\'s state and never counts; a lock held by pointer marks ' +
    'a short-lived view; only writes in the owner\'s own methods count. A map reset by replacing its whole owner ' +
    'struct is not seen. The name lists above are the built-in vocabularies under *Options*; each `extend-` option ' +
    'adds names of your code base to one.',
};
