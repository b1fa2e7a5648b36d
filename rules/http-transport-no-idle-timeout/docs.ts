import type { RuleDocs } from '../../src/types.js';

/** The http-transport-no-idle-timeout rule's page: `npm run docs` writes docs/rules/http-transport-no-idle-timeout.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags an `http.Transport` literal (value or pointer) that sets no non-zero `IdleConnTimeout` and does not ' +
    'turn keep-alives off (`DisableKeepAlives`, or a negative `MaxIdleConnsPerHost`), unless a use of the value ' +
    'sets one of them later: through the variable, the struct field it is kept in, a helper or constructor of ' +
    'the package, a closure, or a copy of another transport over it (`*t = *base`), or calls its `CloseIdleConnections` (often deferred by a transport made for one exchange). `net/http` is recognised ' +
    'under any import name and as a dot import. In commands the finding is a note, in test support it is left out.',
  why:
    'A transport\'s zero `IdleConnTimeout` means idle keep-alive connections are kept until the peer closes ' +
    'them. A long-running node that talks to many hosts (peers, RPC targets, webhooks) keeps up to ' +
    '`MaxIdleConnsPerHost` connections to every host it ever contacted, each a file descriptor, buffers and two ' +
    'goroutines; a transport built per call leaves its idle connection behind every time. Peers and NATs that ' +
    'drop idle connections silently leave dead ones in the pool, and the next request on one fails or waits. ' +
    '`http.DefaultTransport` closes idle connections after 90 s; a literal starts from zero.',
  bad:
    'func newRPCClient(tlsConf *tls.Config) *http.Client {\n' +
    '\treturn &http.Client{\n' +
    '\t\tTimeout:   15 * time.Second,\n' +
    '\t\tTransport: &http.Transport{TLSClientConfig: tlsConf, MaxIdleConnsPerHost: 16},\n' +
    '\t}\n' +
    '}',
  good:
    'func newRPCClient(tlsConf *tls.Config) *http.Client {\n' +
    '\tt := http.DefaultTransport.(*http.Transport).Clone() // IdleConnTimeout: 90 s\n' +
    '\tt.TLSClientConfig = tlsConf\n' +
    '\tt.MaxIdleConnsPerHost = 16\n' +
    '\treturn &http.Client{Timeout: 15 * time.Second, Transport: t}\n' +
    '}',
  limits:
    'Only literals are checked: a transport cloned from `http.DefaultTransport` (or any other) keeps that one\'s ' +
    'settings and is not reported. Any non-literal value of `IdleConnTimeout` or `DisableKeepAlives` counts as ' +
    'set, even a configuration field that may be zero. A later assignment counts wherever it is in the package ' +
    '(its order is not checked); one made by another package\'s code the transport is handed to is not seen, ' +
    'so such a transport is still reported. A transport whose `Dial` or `DialContext` is a function written here ' +
    '(inline or in a local variable) that names the `unix` network is not reported: its connections go to one ' +
    'local process. Unkeyed literals are left alone (their fields depend on the Go release).',
};
