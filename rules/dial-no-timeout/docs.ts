import type { RuleDocs } from '../../src/types.js';

/** The dial-no-timeout rule's page: `npm run docs` writes docs/rules/dial-no-timeout.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags dials that nothing bounds: `net.Dial` and `net.DialTCP` whose connection is given no deadline in sight; ' +
    '`tls.Dial` (its handshake has no timeout either); a `net.Dialer` seen to have no `Timeout`, `Deadline` or ' +
    '`Cancel` (`&net.Dialer{KeepAlive: ...}`, `var d net.Dialer`, `new(net.Dialer)`) used with `Dial`, with ' +
    '`DialContext(context.Background(), ...)` or `context.TODO()`, or given to `tls.DialWithDialer`; and the ' +
    'deprecated `http.Transport{Dial: ...}` given `net.Dial` or such a dialer\'s `Dial`. The packages are ' +
    'recognised under any import name; a local variable or another package called `net` is not them.\n\n' +
    'A `net.Dial` is left alone when its connection gets `SetDeadline`, `SetReadDeadline` or `SetWriteDeadline`: ' +
    'on the variable, on a wrapper built from it in the same function (`tls.Client(conn, cfg)`), in a function ' +
    'of the package it is passed to that sets one on that parameter, or on the struct field it is stored in ' +
    '(`&peer{conn: c}`, `p.conn = c`) anywhere in the package. A connection that is returned or handed to a ' +
    'goroutine is still reported: the dial itself had no bound.',
  why:
    'A dial with no timeout waits for the operating system to give up on the connect: about two minutes on ' +
    'Linux for a peer that drops SYN packets (a firewalled or dead host), while the goroutine, and whatever ' +
    'lock or slot it holds, waits. A connection with no deadline is worse: once the peer stops reading or ' +
    'writing, `Write` or `Read` blocks forever. A metrics reporter that dials its collector this way stops ' +
    'reporting for good when the collector stalls; a validator whose remote-signer connection hangs misses its ' +
    'duties. `tls.Dial` adds a handshake with no bound at all: a peer that accepts the TCP connection and says ' +
    'nothing holds the caller forever. The deprecated `Transport.Dial` is not cancelled by the request\'s ' +
    'context, so each request abandoned by its caller leaves a dial behind.',
  bad:
    'func (r *Reporter) push(lines []string) error {\n' +
    '\tconn, err := net.Dial("tcp", r.addr)\n' +
    '\tif err != nil {\n' +
    '\t\treturn err\n' +
    '\t}\n' +
    '\tdefer conn.Close()\n' +
    '\tfor _, l := range lines {\n' +
    '\t\tif _, err := fmt.Fprintln(conn, l); err != nil {\n' +
    '\t\t\treturn err\n' +
    '\t\t}\n' +
    '\t}\n' +
    '\treturn nil\n' +
    '}',
  good:
    'func (r *Reporter) push(lines []string) error {\n' +
    '\tconn, err := net.DialTimeout("tcp", r.addr, 5*time.Second)\n' +
    '\tif err != nil {\n' +
    '\t\treturn err\n' +
    '\t}\n' +
    '\tdefer conn.Close()\n' +
    '\tif err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {\n' +
    '\t\treturn err\n' +
    '\t}\n' +
    '\tfor _, l := range lines {\n' +
    '\t\tif _, err := fmt.Fprintln(conn, l); err != nil {\n' +
    '\t\t\treturn err\n' +
    '\t\t}\n' +
    '\t}\n' +
    '\treturn nil\n' +
    '}',
  limits:
    'Silent where a dial does not wait on a remote peer: the networks `unix`, `unixpacket`, `unixgram` (as a ' +
    'literal, a constant, or a local variable only given literals), `udp` and `ip` dials including ' +
    '`net.DialUDP`, `net.DialUnix` and `net.DialIP` (a UDP dial only binds a socket; reads on it need a deadline, ' +
    'which is another question), loopback addresses (`"127.0.0.1:..."`, `":8545"`, `fmt.Sprintf("localhost:%d", ' +
    'p)`, `net.JoinHostPort("localhost", p)`) and the address of a listener (`l.Addr().String()`). Silent when ' +
    'the network is read from configuration, a field or method of another value (`net.Dial(ep.Network, ep.Addr)`, ' +
    '`cfg.Network()`): admin APIs, debug sockets and GUI addresses configured that way are unix sockets as often ' +
    'as TCP ones; a network chosen in the code (a literal, a package constant, a parameter) is judged. Silent on ' +
    '`DialContext` with any context other than `context.Background()`/`TODO()` (whether it has a deadline is ' +
    'decided elsewhere), on dialers kept in fields or parameters or handed to other code (`configure(&d)`), and ' +
    'on a dial function literal handed to code out of sight that dials the network it is asked for (a metrics ' +
    'client\'s connection manager asking for "udp"); the same literal given to a TCP dial hook ' +
    '(`Transport{Dial: ...}`, `NetDial`) is judged. `http.Transport{Dial: ...}` given a function literal is judged ' +
    'by the dials inside it; given a bounded dialer\'s `Dial` it is silent although the request context still ' +
    'cannot cancel it. Other dialing libraries (`manet.Dial` of go-multiaddr, `websocket.Dialer`, gRPC) are not ' +
    'followed. A deadline set on the connection anywhere in the function counts, even after the first read.',
};
