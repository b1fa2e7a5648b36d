import type { RuleDocs } from '../../src/types.js';

/** The lock-not-released rule's page: `npm run docs` writes docs/rules/lock-not-released.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags a `Lock()` or `RLock()` statement on a mutex (a local, a field such as `s.mu` or `s.peers.mu`, a package ' +
    'variable, or the receiver itself when the struct embeds `sync.Mutex`) when the same function releases that mutex on ' +
    'some paths but a path from the lock reaches a `return` or the end of the function without the release (an early ' +
    'return placed between the Lock and a manual Unlock, a `return` inside a loop, a `break` or `goto` past the Unlock), ' +
    'or comes round the loop to the same Lock again (a `continue` that skips the Unlock). It also flags a lock released ' +
    'with the other method: an `RLock` whose path reaches `Unlock()` (or a `Lock` reaching `RUnlock()`) before its own ' +
    'release. The finding points at the Lock; its related locations are the exit the path reaches and the `break`, ' +
    '`continue` or `goto` it takes.',
  why:
    'A mutex left locked is never unlocked by anyone: the next `Lock` (for a read lock, the next writer, and every reader ' +
    'queued behind that writer) blocks for the life of the process. In a node that is the peer set, the mempool or the ' +
    'key manager wedged: every RPC handler and sync goroutine that touches it piles up, a goroutine dump shows hundreds ' +
    'of them in `sync.(*Mutex).Lock`, and only a restart helps. The early return that does it is usually a rare branch ' +
    '(an empty list, a duplicate, a closed flag), so tests pass. Releasing a read lock with `Unlock` (or the reverse) is ' +
    'a fatal runtime error ("sync: Unlock of unlocked RWMutex") that no `recover` catches.',
  bad:
    'func (ps *PeerSet) Add(p *Peer) error {\n' +
    '\tps.mu.Lock()\n' +
    '\tif len(ps.peers) >= ps.max {\n' +
    '\t\treturn errFull // ps.mu stays locked\n' +
    '\t}\n' +
    '\tps.peers[p.ID] = p\n' +
    '\tps.mu.Unlock()\n' +
    '\treturn nil\n' +
    '}',
  good:
    'func (ps *PeerSet) Add(p *Peer) error {\n' +
    '\tps.mu.Lock()\n' +
    '\tdefer ps.mu.Unlock()\n' +
    '\tif len(ps.peers) >= ps.max {\n' +
    '\t\treturn errFull\n' +
    '\t}\n' +
    '\tps.peers[p.ID] = p\n' +
    '\treturn nil\n' +
    '}',
  limits:
    'Only functions that release the mutex somewhere are checked: a function that locks and never unlocks (`Begin` of a ' +
    'Begin/Commit pair, a `lock()` helper) hands the hold to its caller by design, and is silent. So are functions whose ' +
    'name says they hold the lock across their boundary (`…Locked`, `…WithLockHeld`, `lock…`, `acquire…`, ' +
    '`mustLock`, `tryLock…`), whose doc comment says so ("must be called with", "the lock is held", "the caller must ' +
    'unlock", "returns with"), that return a func (an unlock func), or whose first use of the mutex is a release (entered ' +
    'with it held). A path is released by the Unlock itself, a `defer` of it or of a closure that unlocks, a call of a ' +
    'local closure that unlocks (`unlock := func() { mu.Unlock() }`), a goroutine or a returned, passed or stored closure ' +
    'that unlocks, the method value `mu.Unlock` handed on, a call given the mutex (`release(&s.mu)`), a method of this ' +
    'package on the mutex\'s owner whose body unlocks the same field (`s.unlockAll()`), a method whose name says it ' +
    'unlocks (`s.cc.updateAndUnlock()`), or a function of the package that unlocks the same package-level mutex. Paths ' +
    'ending in a panic or a call that never returns need no release. Conditional locking (`if doLock { mu.Lock() }` and ' +
    'later `if doLock { mu.Unlock() }`) is read as correlated: an `if` around a release whose condition also guards the ' +
    'Lock, is a boolean flag (a parameter, or a variable set to true or false), or is the complement of an earlier ' +
    'test (`if x == nil { mu.Unlock(); return }` then `if x != nil { ...; mu.Unlock() }`), releases on both branches. ' +
    'A Begin-style function that unlocks only on its failure branches (an Unlock followed by `return ..., err`) and ' +
    'leaves by its last statement with the lock held hands the lock to what it returns, and is silent; a function that ' +
    'unlocks before each early error return and forgets the final Unlock looks the same and is missed. `TryLock` ' +
    'is not followed. A mutex reached through an index or a call (`locks[i]`, `s.lockFor(k)`) is not tracked, nor is a ' +
    '`Lock` that takes arguments (a distributed lock\'s `Lock(ctx)`) or one on another package\'s type not named like ' +
    'sync\'s (`flock.Flock`); drop-ins named `Mutex` or `RWMutex` (`deadlock.Mutex`) are mutexes. A lock taken twice on one ' +
    'path (self-deadlock) is not reported.',
};
