import type { RuleDocs } from '../../src/types.js';

/** The time-after-in-loop rule's page: `npm run docs` writes docs/rules/time-after-in-loop.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags `time.After(d)` used as a case of a `select` inside a long-lived loop (`for { }`, `for cond { }`, or a ' +
    'range over a channel) ' +
    'when another case of that select can bring the loop round again before the timer fires: a receive into a ' +
    'value (`case m := <-msgs:`) or a send whose body does not leave the loop, or a `default`, and the duration ' +
    'may be longer than a second. Only in modules whose go.mod says a Go version ' +
    'before 1.23 (raised by a file\'s `//go:build go1.N` constraint); the `time` package is recognised under ' +
    'any import name and as a dot import.',
  why:
    'Each `time.After` call allocates a runtime timer and a channel. Before Go 1.23 a timer that has not fired is ' +
    'referenced by the runtime\'s timer heap and is not garbage-collected until it fires, whether or not anything ' +
    'still holds its channel. A message loop that re-arms `time.After(30 * time.Second)` for every message ' +
    'keeps up to rate × 30 s timers alive: at 10,000 messages a second that is 300,000 timers, tens of megabytes ' +
    'of heap and a timer heap the scheduler must maintain, and the process looks like it leaks under load. ' +
    'Go 1.23 made unreferenced timers collectable, so the same code is fine there — but only when the main ' +
    'module of the binary is on go 1.23 or later (the behaviour follows the main module\'s go line, and ' +
    '`GODEBUG=asynctimerchan=1` restores the old one).',
  goVersion: '1.22',
  bad:
    'func (p *Peer) readLoop(msgs <-chan Msg) error {\n' +
    '\tfor {\n' +
    '\t\tselect {\n' +
    '\t\tcase m := <-msgs:\n' +
    '\t\t\tp.handle(m)\n' +
    '\t\tcase <-time.After(30 * time.Second):\n' +
    '\t\t\treturn errIdle\n' +
    '\t\t}\n' +
    '\t}\n' +
    '}',
  good:
    'func (p *Peer) readLoop(msgs <-chan Msg) error {\n' +
    '\tidle := time.NewTimer(30 * time.Second)\n' +
    '\tdefer idle.Stop()\n' +
    '\tfor {\n' +
    '\t\tselect {\n' +
    '\t\tcase m := <-msgs:\n' +
    '\t\t\tp.handle(m)\n' +
    '\t\t\tidle.Reset(30 * time.Second)\n' +
    '\t\tcase <-idle.C:\n' +
    '\t\t\treturn errIdle\n' +
    '\t\t}\n' +
    '\t}\n' +
    '}',
  limits:
    'Silent from go 1.23 on, and when no go.mod gives a version (it is taken as the newest). The version read is ' +
    'the package\'s own module\'s; a library on go 1.22 built into a binary whose main module is on 1.23 is ' +
    'reported although it does not leak there. Silent when the timer is the only way round the loop (polling ' +
    'and backoff loops where every other case returns, breaks out by label, jumps out with goto, or exits): ' +
    'the previous timer has then fired before the next is made. Silent when every other case that loops is ' +
    'itself time-driven (`<-ticker.C`, `<-time.Tick(d)`): the loop is paced and only a few timers are pending. ' +
    'Silent when every other case that loops is a bare notification (`case <-ch:` with nothing received into a ' +
    'value: a done or stop channel, a leader change, a wake-up), which fires rarely or once, not per message. ' +
    'Silent when the duration is a constant of at most a second (`10 * time.Millisecond`, `time.Second`): such a ' +
    'timer is gone a second after it is made, so the garbage is bounded by one second of the loop (a hot loop ' +
    'still pays the timer heap\'s CPU). Silent when the code after the select always returns or breaks out of ' +
    'the loop, or when the other case sets a variable the loop condition tests (`case errc = <-quit:`, ' +
    '`finished = true`), or receives from a local one-result channel (`errc := make(chan error, 1)`). Silent in counted loops (`for i := 0; i < n; i++`) and ranges over slices, maps or ' +
    'anything not evidently a channel: they make a bounded number of timers per call. A duration is known when ' +
    'it is built from literals, time units and constants of the package. ' +
    'A `time.After` outside a select (`<-time.After(d)` as a sleep), outside a loop, or in a function literal ' +
    'inside the loop is not reported, nor a `time.After` stored in a variable inside the loop and received ' +
    'later. The rate of the other case is not known: a loop whose data case fires once a minute is reported ' +
    'like a hot one (the fix is the same and cheap); a case that sets a flag the loop condition reads is ' +
    'taken to loop.',
};
