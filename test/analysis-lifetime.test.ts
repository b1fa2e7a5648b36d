import { describe, expect, it } from 'vitest';
import { lintPackage } from '../src/engine/lint-package.js';
import { findRule } from '../rules/index.js';

/**
 * The lifetime analysis (src/analysis/lifetime.ts, lifetime-walk.ts) through its first two rows: the
 * roles a use of the variable can have, the known readers that do not take a response body over (one
 * case per entry of the vocabulary), and inputs too deep for a recursive walk.
 */

async function lint(ruleId: string, body: string, imports: string[] = ['net/http'], go?: string) {
  const rule = findRule(ruleId)!;
  const text = `package p\n\nimport (\n${imports.map((i) => `\t"${i}"\n`).join('')})\n\n${body}\n`;
  const files = [{ path: 'p/p.go', text, isTest: false, packageName: 'p' }];
  const module = go ? { dir: 'p', path: 'example.com/p', go } : undefined;
  const result = await lintPackage({ dir: 'p', name: 'p', files, ...(module ? { module } : {}) }, [{ rule, level: 'warning' }]);
  expect(result.errors).toEqual([]);
  return result.findings.map((f) => f.messageId);
}

/** A response read by `use` and then left open, or handed on by it. */
const readThen = (use: string) => `func f(u string) error {\n\tresp, err := http.Get(u)\n\tif err != nil {\n\t\treturn err\n\t}\n\t${use}\n\treturn nil\n}`;

describe('body-not-closed: readers that leave the body open', () => {
  it.each([
    ['io', '_, _ = io.ReadAll(resp.Body)'],
    ['io', '_, _ = io.Copy(io.Discard, resp.Body)'],
    ['io', '_, _ = io.CopyN(io.Discard, resp.Body, 10)'],
    ['io', '_, _ = io.CopyBuffer(io.Discard, resp.Body, nil)'],
    ['io', '_, _ = io.ReadFull(resp.Body, make([]byte, 4))'],
    ['io', '_, _ = io.ReadAtLeast(resp.Body, make([]byte, 4), 1)'],
    ['io', '_ = io.LimitReader(resp.Body, 10)'],
    ['io', '_ = io.TeeReader(resp.Body, nil)'],
    ['io', '_ = io.MultiReader(resp.Body)'],
    ['io/ioutil', '_, _ = ioutil.ReadAll(resp.Body)'],
    ['encoding/json', '_ = json.NewDecoder(resp.Body).Decode(nil)'],
    ['encoding/xml', '_ = xml.NewDecoder(resp.Body).Decode(nil)'],
    ['bufio', '_ = bufio.NewReader(resp.Body)'],
    ['bufio', '_ = bufio.NewReaderSize(resp.Body, 10)'],
    ['bufio', '_ = bufio.NewScanner(resp.Body)'],
    ['net/http/httputil', '_, _ = httputil.DumpResponse(resp, true)'],
    ['fmt', '_ = fmt.Errorf("%v", resp)'],
    ['fmt', 'fmt.Printf("%v", resp)'],
    ['fmt', '_ = fmt.Sprintf("%v", resp)'],
    ['fmt', 'fmt.Println(resp)'],
    ['fmt', 'fmt.Print(resp)'],
    ['fmt', '_ = fmt.Sprint(resp)'],
    ['fmt', 'fmt.Fprintf(nil, "%v", resp)'],
    ['log', 'log.Printf("%v", resp)'],
    ['log', 'log.Println(resp)'],
    ['log', 'log.Print(resp)'],
    ['bytes', 'var b bytes.Buffer\n\t_, _ = b.ReadFrom(resp.Body)'],
  ])('%s: %s', async (path, use) => {
    expect(await lint('body-not-closed', readThen(use), ['net/http', path])).toEqual(['neverClosed']);
  });

  it.each([
    'closeIt(resp.Body)',
    'closeIt(resp)',
    'defer closeIt(resp)',
    'go closeIt(resp)',
    'keep = resp',
    'keep.Body = resp.Body',
    'ch <- resp',
    'go func() { resp.Body.Close() }()',
    'defer func() { resp.Body.Close() }()',
    'resp.Body.Close()',
  ])('%s hands the body on or closes it', async (use) => {
    expect(await lint('body-not-closed', readThen(use))).toEqual([]);
  });

  it.each(['_ = resp.StatusCode', '_ = resp.Header.Get("x")', 'resp.Body = nil', '_ = resp', 'if resp != nil { return nil }'])('%s leaves it open', async (use) => {
    expect(await lint('body-not-closed', readThen(use))).toEqual(['neverClosed']);
  });
});

describe('ticker-not-stopped: the Go version gate', () => {
  const leak = 'func f(n int) {\n\tt := time.NewTicker(time.Second)\n\tfor i := 0; i < n; i++ {\n\t\t<-t.C\n\t}\n}';
  it.each([
    ['1.21', ['neverStopped']],
    ['1.22.5', ['neverStopped']],
    ['1.23', []],
    ['1.26', []],
  ])('go %s', async (go, want) => {
    expect(await lint('ticker-not-stopped', leak, ['time'], go)).toEqual(want);
  });
  it('an unknown version is taken as the newest', async () => {
    expect(await lint('ticker-not-stopped', leak, ['time'])).toEqual([]);
  });
});

describe('deep input', () => {
  it('walks 10,000 nested ifs around a leaking response without overflowing', async () => {
    const depth = 10000;
    const open = Array.from({ length: depth }, (_, i) => `if n > ${i} {\n`).join('');
    const leak = 'resp, err := http.Get(u)\nif err != nil {\nreturn\n}\nif resp.StatusCode != 200 {\nreturn\n}\nresp.Body.Close()\n';
    const text = `func f(u string, n int) {\n${open}${leak}${'}\n'.repeat(depth)}}`;
    expect(await lint('body-not-closed', text)).toEqual(['notClosedOnPath']);
  });

  it('walks 10,000 nested ifs around a leaking ticker without overflowing', async () => {
    const depth = 10000;
    const open = Array.from({ length: depth }, (_, i) => `if n > ${i} {\n`).join('');
    const leak = 't := time.NewTicker(time.Second)\nif n == 0 {\nreturn\n}\nt.Stop()\n';
    const text = `func f(n int) {\n${open}${leak}${'}\n'.repeat(depth)}}`;
    expect(await lint('ticker-not-stopped', text, ['time'], '1.22')).toEqual(['notStoppedOnPath']);
  });
});

describe('ticker-not-stopped: a return right after the owner shuts down', () => {
  const loop = (call: string) =>
    `type svc struct{ jobs chan int }\n\nfunc (s *svc) run() {\n\tt := time.NewTicker(time.Second)\n\tfor {\n\t\tselect {\n\t\tcase j := <-s.jobs:\n\t\t\t_ = j\n\t\t\t${call}\n\t\t\treturn\n\t\tcase <-t.C:\n\t\t}\n\t}\n}`;
  it.each(['s.shutdown(nil)', 's.Shutdown()', 's.stop()', 's.Stop()', 's.close()', 's.closeAll()', 's.cancel()', 's.Cancel()'])('%s', async (call) => {
    expect(await lint('ticker-not-stopped', loop(call), ['time'], '1.22')).toEqual([]);
  });
  it.each(['s.flush()', 'other.shutdown(nil)', 'shutdown()'])('%s is not one', async (call) => {
    expect(await lint('ticker-not-stopped', loop(call), ['time'], '1.22')).toEqual(['neverStopped']);
  });
});

describe('a deferred release registered before the acquisition', () => {
  const ticker = (body: string) => `func f(n int, d time.Duration) {\n${body}\n}`;
  it('a deferred closure covers the exits', async () => {
    const body = '\tvar t *time.Ticker\n\tdefer func() {\n\t\tif t != nil {\n\t\t\tt.Stop()\n\t\t}\n\t}()\n\tt = time.NewTicker(d)\n\t<-t.C';
    expect(await lint('ticker-not-stopped', ticker(body), ['time'], '1.22')).toEqual([]);
  });
  it('but not a loop that replaces the value before the function returns', async () => {
    const body = '\tvar t *time.Ticker\n\tdefer func() {\n\t\tif t != nil {\n\t\t\tt.Stop()\n\t\t}\n\t}()\n\tfor i := 0; i < n; i++ {\n\t\tt = time.NewTicker(d)\n\t\t<-t.C\n\t}';
    expect(await lint('ticker-not-stopped', ticker(body), ['time'], '1.22')).toEqual(['overwritten']);
  });
  it('`defer t.Stop()` stops the value t held when it was deferred, not a later one', async () => {
    const body = '\tt := time.NewTicker(d)\n\tdefer t.Stop()\n\t<-t.C\n\tt = time.NewTicker(d)\n\t<-t.C';
    expect(await lint('ticker-not-stopped', ticker(body), ['time'], '1.22')).toEqual(['notStoppedOnPath']);
  });
});

describe('lost-cancel: what else releases the child context (the row\'s alsoReleases)', () => {
  const fn = (body: string) => `func f(parent context.Context, ch chan int) {\n\tctx, cancel := context.WithCancel(parent)\n${body}\n}`;
  it.each([
    ['<-ctx.Done()', '\t_ = cancel\n\t<-ctx.Done()'],
    ['<-parent.Done()', '\t_ = cancel\n\t_ = ctx\n\t<-parent.Done()'],
    ['a select case on the Done channel', '\t_ = cancel\n\tselect {\n\tcase <-ctx.Done():\n\t}'],
    ['`go func() { <-ctx.Done() }()` as flow.ts reads it', '\t_ = cancel\n\tgo func() { <-ctx.Done() }()'],
    ['a nil check', '\tif cancel != nil {\n\t\tcancel()\n\t}\n\t_ = ctx'],
    ['a nil check that returns', '\tif cancel == nil {\n\t\treturn\n\t}\n\t_ = ctx'],
  ])('%s', async (_name, body) => {
    expect(await lint('lost-cancel', fn(body), ['context'])).toEqual([]);
  });
  it.each([
    ['a receive on another channel', '\t_ = cancel\n\t_ = ctx\n\t<-ch', 'neverCalled'],
    ['a Done wait in a literal that is not called', '\t_ = cancel\n\tw := func() { <-ctx.Done() }\n\t_ = w', 'neverCalled'],
    ['a Done wait on the context that replaced it', '\t_ = ctx\n\tctx, cancel = context.WithTimeout(ctx, time.Second)\n\t_ = cancel\n\t<-ctx.Done()', 'neverCalled'],
    ['a Done wait on one branch only', '\tif len(ch) > 0 {\n\t\t<-ctx.Done()\n\t\treturn\n\t}\n\tif len(ch) > 1 {\n\t\tcancel()\n\t}', 'notCalledOnPath'],
  ])('%s does not', async (_name, body, want) => {
    expect(await lint('lost-cancel', fn(body), ['context', 'time'])).toEqual([want]);
  });
});
