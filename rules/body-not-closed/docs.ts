import type { RuleDocs } from '../../src/types.js';

/** The body-not-closed rule's page: `npm run docs` writes docs/rules/body-not-closed.md from it. */
export const docs: RuleDocs = {
  what:
    'Flags an `*http.Response` from an HTTP client call (`Do`, `Get`, `Head`, `Post`, `PostForm` on an `http.Client`, ' +
    '`http.DefaultClient`, or the package-level `http.Get` and friends) whose `Body` is not closed on some path from the ' +
    'call to a `return` or the end of the function: an early return after a status, header or content-type check placed ' +
    'before the `defer resp.Body.Close()`, a response never closed at all, a response discarded with `_` or dropped, and a ' +
    'response variable overwritten (by a retry, or the next loop iteration) before its body was closed. `net/http` is ' +
    'recognised under any import name and as a dot import. The finding points at the call; its related location is the ' +
    'return that leaks.',
  why:
    'Until the body is closed, the transport cannot reuse the connection: it stays out of the idle pool with its read and ' +
    'write goroutines and buffers until the server closes it. A client that leaks one body per failed request opens a new ' +
    'connection for every retry; under an outage of the peer that is file descriptors and goroutines growing with the ' +
    'error rate, until the process hits its descriptor limit.',
  bad:
    'func (c *Client) Block(id string) ([]byte, error) {\n' +
    '\tresp, err := c.http.Get(c.base + "/block/" + id)\n' +
    '\tif err != nil {\n' +
    '\t\treturn nil, err\n' +
    '\t}\n' +
    '\tif resp.StatusCode != http.StatusOK {\n' +
    '\t\treturn nil, fmt.Errorf("status %d", resp.StatusCode) // the body is never closed here\n' +
    '\t}\n' +
    '\tdefer resp.Body.Close()\n' +
    '\treturn io.ReadAll(resp.Body)\n' +
    '}',
  good:
    'func (c *Client) Block(id string) ([]byte, error) {\n' +
    '\tresp, err := c.http.Get(c.base + "/block/" + id)\n' +
    '\tif err != nil {\n' +
    '\t\treturn nil, err\n' +
    '\t}\n' +
    '\tdefer resp.Body.Close()\n' +
    '\tif resp.StatusCode != http.StatusOK {\n' +
    '\t\treturn nil, fmt.Errorf("status %d", resp.StatusCode)\n' +
    '\t}\n' +
    '\treturn io.ReadAll(resp.Body)\n' +
    '}',
  limits:
    'No paths need a close where the response is nil: the branch of `if err != nil` (also `err != nil && ...`) taken ' +
    'before `err` is assigned again, the branch of `if resp == nil`, and paths ending in a call that never returns ' +
    '(`panic`, `log.Fatal`). Ownership transfer is trusted, not verified, and ends the path it is on: returning the ' +
    'response or its body, storing either in a field, map, slice, literal or another variable, sending it on a channel, ' +
    'passing it to any function other than a known reader (`io.ReadAll`, `io.Copy`, `json.NewDecoder`, `bufio.NewReader`, ' +
    '`httputil.DumpResponse`, the fmt and log printers, a `ReadFrom` method), which is taken as a helper that closes it, ' +
    'or capturing it in a goroutine or a stored closure. A `defer` (of the close, of a helper given the response, or of ' +
    'a closure that closes it) covers every later exit; one registered before the call covers the whole function. A ' +
    'receiver whose type is not evident (`x.Do(req)` on an interface or another package\'s client) counts only when the ' +
    'code reads the result\'s `Body` field; dropped or discarded results count only for typed clients. Server-side ' +
    'request bodies are not checked (the server closes them). A body closed by a helper that does not actually close it ' +
    'is missed, as is a response kept in a variable declared outside the function.',
};
