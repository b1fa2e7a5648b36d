import type { RuleDocs } from '../../src/types.js';

/** The http-server-no-timeout rule's page: `npm run docs` writes docs/rules/http-server-no-timeout.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags an `http.Server` literal (value or pointer) or `new(http.Server)` that sets neither a non-zero ' +
    '`ReadHeaderTimeout` nor `ReadTimeout` and that the package is seen to serve with (`Serve`, `ServeTLS`, ' +
    '`ListenAndServe`, `ListenAndServeTLS`, called or passed as a method value), following the value through ' +
    'variables, struct fields, the package\'s own helpers and constructors. Also flags the package-level ' +
    '`http.ListenAndServe`, `ListenAndServeTLS`, `Serve` and `ServeTLS`, which serve with a server that has no ' +
    'timeouts at all. `net/http` is recognised under any import name and as a dot import.',
  why:
    'Without `ReadHeaderTimeout` (or `ReadTimeout`, which also bounds the headers) the server waits for a ' +
    'request\'s headers forever: a client that opens connections and sends a byte now and then (slowloris) ' +
    'holds a connection, a file descriptor and a goroutine each, until the node runs out of them. ' +
    'Without `IdleTimeout` (or `ReadTimeout`, its fallback) idle keep-alive connections are never closed ' +
    'either. `ReadHeaderTimeout` bounds only the headers, so it is safe for streaming and long-polling ' +
    'handlers, which a `ReadTimeout` or `WriteTimeout` would cut off.',
  bad:
    'func (n *Node) StartRPC(addr string) error {\n' +
    '\tsrv := &http.Server{Addr: addr, Handler: n.rpc}\n' +
    '\treturn srv.ListenAndServe()\n' +
    '}',
  good:
    'func (n *Node) StartRPC(addr string) error {\n' +
    '\tsrv := &http.Server{\n' +
    '\t\tAddr:              addr,\n' +
    '\t\tHandler:           n.rpc,\n' +
    '\t\tReadHeaderTimeout: 10 * time.Second,\n' +
    '\t\tIdleTimeout:       2 * time.Minute,\n' +
    '\t}\n' +
    '\treturn srv.ListenAndServe()\n' +
    '}',
  limits:
    'A timeout counts when the literal sets it or any use of the server assigns it (`srv.ReadHeaderTimeout = ' +
    'cfg.ReadHeaderTimeout`, also in a helper of the package or a closure, also after the serve call in the ' +
    'text: order is not checked), or copies another server over it (`*srv = *base`); any non-literal value ' +
    'counts as set, even a configuration field that may be zero. A server is reported only when the package ' +
    'is seen to serve with it: one handed on (returned from an exported function, kept in an exported field, ' +
    'passed to another package\'s function, put in a slice or sent on a channel) may get its timeouts from ' +
    'its new owner and is left alone; `http2.ConfigureServer` is known not to set them. Servers and ' +
    '`http.Serve` on a listener seen to be a unix socket (`net.Listen("unix", ...)`, `net.ListenUnix`, a ' +
    '`ListenConfig`\'s `Listen(ctx, "unix", ...)`, in the same function) are not reported: their clients are ' +
    'local processes. A zero-value `var srv http.Server` and a server reached only through an embedded field ' +
    'are not followed. `httptest` servers live in test support, where findings are left out by default.',
};
