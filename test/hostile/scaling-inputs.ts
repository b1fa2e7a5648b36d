/**
 * Generated Go packages that made gohazard super-linear (issue 8, cases 5 and 7). Each is small to
 * describe and large enough that a quadratic walk takes minutes while a linear one takes a second.
 * Shared by the hostile tests and by a before/after measurement, so both use the same inputs.
 */

/** A 1 MiB hex string in a package whose memo map only grows (unbounded-cache reports line 9, column 2):
 * WRITES backtracked over the whole run from each of its characters. */
export function longWordRun(size = 1 << 20): string {
  return (
    `package hex\n\nimport "sync"\n\nvar blob = "${'a0'.repeat(size / 2)}"\n\nvar (\n\tmu    sync.Mutex\n\tcache = map[string]string{}\n)\n\n` +
    'func lookup(key string) string {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tif v, ok := cache[key]; ok {\n\t\treturn v\n\t}\n' +
    '\tv := compute(key)\n\tcache[key] = v\n\treturn v\n}\n\nfunc compute(k string) string { return k + blob }\n'
  );
}

/** `n` goroutines launched in one function, each with its own Add; only the last skips its Done. */
export function manyLaunches(n: number): { text: string; line: number; column: number } {
  const ok = '\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\twork()\n\t}()\n';
  const bad = '\twg.Add(1)\n\tgo func() {\n\t\tif fail() {\n\t\t\treturn\n\t\t}\n\t\twg.Done()\n\t}()\n';
  const head = 'package launch\n\nimport "sync"\n\nfunc work()      {}\nfunc fail() bool { return false }\n\nfunc run() {\n\tvar wg sync.WaitGroup\n';
  const text = `${head}${ok.repeat(n - 1)}${bad}\twg.Wait()\n}\n`;
  const headLines = head.split('\n').length - 1;
  return { text, line: headLines + 5 * (n - 1) + 6, column: 3 };
}

/** `n` contexts in one function, each cancelled on every path but the last, which is never cancelled. */
export function manyCancels(n: number): { text: string; line: number; column: number } {
  const ok = (i: number) => `\tc${i}, cancel${i} := context.WithCancel(ctx)\n\tdefer cancel${i}()\n\tuse(c${i})\n`;
  const head = 'package cancels\n\nimport "context"\n\nfunc use(context.Context) {}\n\nfunc run(ctx context.Context) {\n';
  const body = Array.from({ length: n - 1 }, (_, i) => ok(i)).join('');
  const text = `${head}${body}\tlast, _ := context.WithCancel(ctx)\n\tuse(last)\n}\n`;
  const headLines = head.split('\n').length - 1;
  return { text, line: headLines + 3 * (n - 1) + 1, column: 13 };
}

/** `depth` nested `for { select { case <-c:` loops that nothing leaves: only the outermost is reported.
 * Each level names `c` `uses` more times: every use looked the name up through all the scopes above. */
export function deepSelects(depth: number, uses = 0): string {
  const names = uses > 0 ? `_ = []chan int{${Array.from({ length: uses }, () => 'c').join(', ')}}\n` : '';
  const open = `for {\nselect {\ncase <-c:\n${names}`.repeat(depth);
  return `package deep\n\nfunc work() {}\n\nfunc f(c chan int) {\n${open}work()\n${'}\n}\n'.repeat(depth)}}\n`;
}

/** `depth` levels cycling for / select / go func / if around code every rule looks at. */
export function mixedNesting(depth: number): string {
  const kinds = [
    ['for {\n', '}\n'],
    ['select {\ncase v := <-ch:\n_ = v\n', '}\n'],
    ['go func() {\n', '}()\n'],
    ['if n > 1 {\n', '}\n'],
  ] as const;
  const levels = Array.from({ length: depth }, (_, i) => kinds[i % kinds.length]!);
  const inner = 'wg.Add(1)\nwg.Done()\ncache[n] = n\nresp, _ := http.Get("http://peer")\n_ = resp\nctx, cancel := context.WithCancel(ctx)\n_, _ = ctx, cancel\n';
  const body = levels.map(([o]) => o).join('') + inner + levels.map(([, c]) => c).reverse().join('');
  return (
    'package deep\n\nimport (\n\t"context"\n\t"net/http"\n\t"sync"\n)\n\nvar cache = map[int]int{}\n\n' +
    `func f(ctx context.Context, ch chan int, n int) {\nvar wg sync.WaitGroup\n${body}wg.Wait()\n}\n`
  );
}

/** Many small functions, each with one finding of every rule it can get: `n` copies. */
export function manyFindings(n: number): string {
  const fn = (i: number) =>
    `func f${i}(ctx context.Context, c chan int) {\n\tctx2, _ := context.WithCancel(ctx) //nolint:select-no-exit\n\t_ = ctx2\n\tclient := &http.Client{}\n\t_ = client\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t}\n\t}\n}\n\n`;
  const head = 'package many\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n';
  return head + Array.from({ length: n }, (_, i) => fn(i)).join('');
}
