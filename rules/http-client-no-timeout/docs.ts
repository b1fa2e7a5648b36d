import type { RuleDocs } from '../../src/types.js';

/** The http-client-no-timeout rule's page: `npm run docs` writes docs/rules/http-client-no-timeout.md from it. */
/** The end shared by the bad and the good example. */
const READ_HEIGHT = '\tif err != nil {\n\t\treturn 0, err\n\t}\n\tdefer resp.Body.Close()\n\treturn decodeHeight(resp.Body)\n}';

export const docs: RuleDocs = {
  what:
    'Flags an HTTP request that nothing bounds in time:\n\n' +
    '- an `http.Client` literal (`http.Client{...}`, `&http.Client{...}`) or `new(http.Client)` without a `Timeout`, ' +
    'or with `Timeout: 0` (zero means no timeout), that no later `c.Timeout = ...` fixes (in the function, or ' +
    'anywhere in the package for a package variable or a struct field), and through which some request is sent ' +
    'without a context: `c.Get`, `c.Head`, `c.Post`, `c.PostForm`, or `c.Do(req)` with a request built by ' +
    '`http.NewRequest` and never given a context. When the client has a visible `http.Transport` (inline, or a ' +
    'variable of the same function) there is still one finding, on the client, saying what the transport lacks;\n' +
    '- calls through the default client, which has no timeout: `http.Get`, `http.Head`, `http.Post`, ' +
    '`http.PostForm`, `http.DefaultClient.Get/Head/Post/PostForm`, and `http.DefaultClient.Do(req)` with a ' +
    'request that carries no context; the same calls on a variable given `http.DefaultClient` (on any path).\n\n' +
    '- `http.DefaultClient` handed on rather than called (stored in a struct field, `&poster{client: ' +
    'http.DefaultClient}`, passed to a function of the package) when a request without a context is seen going ' +
    'through it: reported where it is stored.\n\n' +
    'The client is followed to where it is used: through variables, struct fields (by field name, across the ' +
    'package), results of package functions (`c := newClient()`), parameters of package functions and methods ' +
    '(`fetch(c, url)`, `s.fetch(c, url)`) and method values (`get := c.Get; get(url)`). A request parameter ' +
    '(`func send(req *http.Request)`) is judged by what the package\'s callers pass: one caller passing a request ' +
    'built by `http.NewRequest` is enough. When every request a finding is about is made from main-like code ' +
    '(`main`, `init`, a CLI command action, functions only they call) the message says that the command hangs. ' +
    '`net/http` is recognised under any import name and as a dot import; a local package or ' +
    'variable called `http` is not it.',
  why:
    'A request with no timeout waits as long as the server lets it: a peer that accepts the connection and then ' +
    'stalls (a wedged process, a half-open TCP connection after a network partition, a proxy that swallowed the ' +
    'response) holds the calling goroutine and a connection forever. In a service that is a worker stuck for ' +
    'good, a lock or semaphore slot never released, a health check that never reports, and under load a pile-up ' +
    'of goroutines and file descriptors until the process falls over. `http.DefaultClient` and a zero-valued ' +
    '`http.Client` have no timeout at all.',
  bad:
    'func (f *BlockFetcher) Head(url string) (uint64, error) {\n' +
    '\tresp, err := http.Get(url + "/head") // the default client never gives up\n' +
    READ_HEIGHT,
  good:
    'var peerClient = &http.Client{Timeout: 10 * time.Second}\n\n' +
    'func (f *BlockFetcher) Head(ctx context.Context, url string) (uint64, error) {\n' +
    '\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/head", nil)\n' +
    '\tif err != nil {\n' +
    '\t\treturn 0, err\n' +
    '\t}\n' +
    '\tresp, err := peerClient.Do(req)\n' +
    READ_HEIGHT,
  limits:
    'A request that carries a cancellable context counts as bounded: built with `http.NewRequestWithContext(ctx, ...)`, ' +
    'given one with `req.WithContext(ctx)` / `req.Clone(ctx)` or `req.Cancel = ...`, or sent with ' +
    '`ctxhttp.Do(ctx, c, req)`. Whether that context has a deadline is its owner\'s business (a long download or a ' +
    'watch stream must not have a total timeout); only a context that is `context.Background()` or ' +
    '`context.TODO()` in sight does not count. A client whose transport sets `ResponseHeaderTimeout` is silent: ' +
    'the common hang, a server that never answers, is bounded, and a total Timeout would cut long bodies; so is ' +
    'one whose dial function wraps each connection in a type of the package whose Read or Write sets a deadline ' +
    '(`SetReadDeadline`, `SetDeadline`), and one whose transport comes from a call given a duration ' +
    '(two or more, as in `transport.NewTimeoutTransport(info, dial, read, write)`; one is taken for a dial timeout); a ' +
    'dialer timeout alone is not enough (it ends once connected) and the message says so. A client is reported ' +
    'only when a request without a context is seen going through it: one that only leaves what can be followed ' +
    '(passed to another package, returned from an exported function, an exported field) is silent, since its ' +
    'receiver can still set Timeout or send with contexts (a library constructor, like `http.DefaultClient`, is ' +
    'not wrong). Uses in `_test.go` files do not count for a client built in another file. ' +
    '`http.DefaultClient.Do(req)` with a request from out of sight (a parameter) is reported unless some non-test ' +
    'file of the package binds requests to contexts. ' +
    'A client built elsewhere and passed in is not inspected (a transport only as said above), nor is a zero `var c http.Client`, nor ' +
    '`http.DefaultClient` given to a local variable and handed on from there. A package that sets `http.DefaultClient.Timeout` or ' +
    'replaces `http.DefaultClient` anywhere (often in `main`) gets no default-client findings. Struct fields are matched by name, on values whose type is the ' +
    'struct that holds the client or is not evident. Like every rule, it follows the place policy (README, *Where findings are ' +
    'reported*): test support (tests, e2e harnesses, examples, fuzz harnesses) is left out unless the config\'s `places.test` asks, ' +
    'and a request sent from a command (main, a CLI action, what only they call, a `go run` program) is a note, with a ' +
    'message that says the command hangs.',
};
