import type { RuleDocs } from '../../src/types.js';

/** The select-no-exit rule's page: `npm run docs` writes docs/rules/select-no-exit.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags a `for` loop without a condition (`for { }`, `for ;; { }`, or `for init; ; post { }`) whose body holds a ' +
    '`select`, directly or nested, when no statement in the loop can leave it: no `return`, no `break` that ' +
    'targets the loop (a plain `break` inside a `select`, `switch` or inner `for` leaves only that statement), ' +
    'no labeled `break`, `continue` or `goto` to a label outside the loop, and no call that never returns ' +
    '(`panic`, `os.Exit`, `runtime.Goexit`, `log.Fatal*` and other `Fatal*`/`Panic*` methods, `t.FailNow`). ' +
    'Function literals inside the loop are their own functions: a `return` in them does not leave the loop. ' +
    'Also flags a bare `select {}` that every call of its function reaches, which blocks the goroutine forever, ' +
    'and one that parks a function on a failure it has just logged (`if cfg == nil { log.Error(...); select {} }`) ' +
    'instead of returning it. ' +
    'The finding is reported at the `for` (or the `select`).',
  why:
    'A goroutine that runs such a loop can never end. Every channel, buffer, connection, timer and struct it ' +
    'references stays alive with it, and each instance that is started and then abandoned (a client closed, a ' +
    'subscription dropped, a test finished) adds one more. In a long-running service that is memory and CPU ' +
    'that grow with every reconnect or request until the process is restarted, and a `Close` or `Stop` method ' +
    'that cannot actually stop the worker. Giving the loop a way out, usually a `case <-ctx.Done(): return` ' +
    'or a check that the input channel was closed, lets the owner shut it down.',
  bad:
    'func (p *Pool) reap() {\n' +
    '\tticker := time.NewTicker(p.idleTimeout)\n' +
    '\tfor {\n' +
    '\t\tselect {\n' +
    '\t\tcase <-ticker.C:\n' +
    '\t\t\tp.closeIdle()\n' +
    '\t\tcase c := <-p.returned:\n' +
    '\t\t\tp.idle = append(p.idle, c)\n' +
    '\t\t}\n' +
    '\t}\n' +
    '}',
  good:
    'func (p *Pool) reap(ctx context.Context) {\n' +
    '\tticker := time.NewTicker(p.idleTimeout)\n' +
    '\tdefer ticker.Stop()\n' +
    '\tfor {\n' +
    '\t\tselect {\n' +
    '\t\tcase <-ctx.Done():\n' +
    '\t\t\treturn\n' +
    '\t\tcase <-ticker.C:\n' +
    '\t\t\tp.closeIdle()\n' +
    '\t\tcase c, ok := <-p.returned:\n' +
    '\t\t\tif !ok {\n' +
    '\t\t\t\treturn\n' +
    '\t\t\t}\n' +
    '\t\t\tp.idle = append(p.idle, c)\n' +
    '\t\t}\n' +
    '\t}\n' +
    '}',
  limits:
    'Workers meant to run for the life of the process are exempt, by design. That covers anything inside ' +
    '`func main` of package `main` or inside a `func init` (a signal handler or metrics flusher started there ' +
    'runs until the process exits), a top-level function referenced only from such code (`go watchSignals()` ' +
    'in main; callers are followed back a few steps), a loop whose cases wait only on package-level channels ' +
    'and timers (one worker per process, typically started under a `sync.Once`), and a method of an unexported ' +
    'type whose only values are package-level variables (`var collector = statsCollector{...}`). Beyond that, ' +
    'the callers of the loop\'s function are followed back (unexported methods by their calls in the package, ' +
    'exported functions into the module\'s packages that import them): when every call is made once by ' +
    'set-up code (main, init, a CLI command\'s action, what only they call), not in a loop and not from a ' +
    'stored handler literal, the goroutine is one per process (a metrics reporter started by the node\'s ' +
    'set-up). A function used as a value, a call whose receiver cannot be told, or a module of more than ' +
    '20,000 files stops the search, and the loop is reported. Only the module\'s own code is read: another ' +
    'program importing the package could still start it per request.\n\n' +
    'A bare `select {}` is reported only where every call of its function reaches it (a statement of the ' +
    'function body itself) or as the last word of a top-level `if` on a nil, error or `!ok` test whose branch ' +
    'logs first (a log-and-park on bad input, outside package `main`): one under any other `if` or a `case` is ' +
    'a deliberate halt on an exceptional path (a debug flag that keeps a server up, a detected deadlock, a ' +
    'process that is already exiting). It is exempt in ' +
    '`main` and `init` of package `main` and in what only they call.\n\n' +
    'Test support is left out by the place policy (README, *Where findings are reported*): tests often block a helper ' +
    'goroutine on purpose, and it ends with the test binary. Even when the config\'s `places.test` asks for it, a bare ' +
    '`select {}` in a test file is not reported: ' +
    'there it is a fake that never answers (a handler, a codec, a goroutine parked for a stack dump), on ' +
    'purpose. Whether a path can leave is decided from the syntax alone: a `return` ' +
    'that can never be reached still counts as a way out, and a call to a function of your own that always ' +
    'panics or exits does not. Loops that contain syntax errors are skipped, and when endless loops are nested ' +
    'only the outermost one that cannot be left is reported.',
};
