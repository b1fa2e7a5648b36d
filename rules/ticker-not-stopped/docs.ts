import type { RuleDocs } from '../../src/types.js';

/** The ticker-not-stopped rule's page: `npm run docs` writes docs/rules/ticker-not-stopped.md from it. */
export const docs: RuleDocs = {
  what:
    'In a module on Go **before 1.23** (the `go` directive of its go.mod, or a `//go:build go1.N` constraint), flags a ' +
    '`time.NewTicker` not stopped on some path from the call to a `return` or the end of the function (never stopped, ' +
    'stopped only after an early return, dropped, or replaced by a reassignment or the next loop iteration before ' +
    '`Stop`), a `time.NewTimer` made anew by a loop iteration or reassignment before the earlier one was stopped, or ' +
    'dropped, a ticker kept in an unexported field or package variable that nothing in the package stops, and ' +
    '`time.Tick` in a function that returns and is not main-like. On **every** version, it flags a ticker kept in an ' +
    'unexported field that nothing in the package stops while a loop that never ends receives from its channel ' +
    '(`go func() { for range c.t.C { ... } }()` in a constructor). The `time` package is recognised under any import ' +
    'name and as a dot import; the related location is the return that leaks.',
  why:
    'Before Go 1.23 the runtime keeps every started ticker until `Stop` is called, referenced or not: one per request or ' +
    'per peer is memory and timer-heap work growing with traffic for the life of the process, and `time.Tick` can never ' +
    'be stopped at all. An unstopped timer is kept until it fires, with everything its channel and closure reference. ' +
    'Go 1.23 made unreferenced tickers and timers collectable, stopped or not, so there the rule reports only what stays ' +
    'referenced: a ticker that drives an endless goroutine keeps that goroutine, itself and the value holding it alive ' +
    'forever, one more set per constructor call.',
  bad:
    'func NewCollector(d time.Duration) *Collector {\n' +
    '\tc := &Collector{series: make(map[string]float64)}\n' +
    '\tc.expire = time.NewTicker(d)\n' +
    '\tgo func() {\n' +
    '\t\tfor range c.expire.C { // never ends, and nothing stops the ticker\n' +
    '\t\t\tc.sweep()\n' +
    '\t\t}\n' +
    '\t}()\n' +
    '\treturn c\n' +
    '}',
  good:
    'func NewCollector(d time.Duration) *Collector {\n' +
    '\tc := &Collector{series: make(map[string]float64), quit: make(chan struct{})}\n' +
    '\tc.expire = time.NewTicker(d)\n' +
    '\tgo func() {\n' +
    '\t\tfor {\n' +
    '\t\t\tselect {\n' +
    '\t\t\tcase <-c.quit:\n' +
    '\t\t\t\treturn\n' +
    '\t\t\tcase <-c.expire.C:\n' +
    '\t\t\t\tc.sweep()\n' +
    '\t\t\t}\n' +
    '\t\t}\n' +
    '\t}()\n' +
    '\treturn c\n' +
    '}\n\n' +
    'func (c *Collector) Close() {\n' +
    '\tc.expire.Stop()\n' +
    '\tclose(c.quit)\n' +
    '}',
  limits:
    'A module whose Go version is unknown (no go.mod) is taken as 1.23 or later. A timer left running by a return, or ' +
    'kept in a field, is not reported: it is held only until it fires, as the timer of `time.After` is. The gate is the module\'s version, not ' +
    'the toolchain\'s: a module on 1.22 built with a newer toolchain keeps the old timer semantics (asynctimerchan=1), ' +
    'so the old-version findings stand. Paths need no Stop after a receive from a timer\'s channel (it has fired), through a call that never returns, or where the variable is nil. A select loop that returns only when its owner ' +
    'shuts down (`case <-s.ctx.Done():` or `case <-s.quit:` on a field of the method\'s receiver) keeps its one ticker ' +
    'for the life of the service and is left alone; any other return in it counts. Ownership transfer is trusted, as ' +
    'for the other lifetime rules: returned, stored in a field that the package stops or reads, passed to a function, ' +
    'sent, or captured by a goroutine or stored closure. Exported fields are left alone (another package may stop them); ' +
    'replacing a stored ticker without stopping the old one is not checked. `time.Tick` is fine in main-like code and in ' +
    'a function that never returns (`for range time.Tick(d)` with nothing leaving the loop).',
};
