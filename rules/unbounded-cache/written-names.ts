import type { GoPackage } from '../../src/rule-api.js';
import { defineFact } from '../../src/analysis/fact-store.js';

/**
 * The names written anywhere in the package's non-test files (`name[...] =`, `++`, `op=`,
 * `name.Store(`, `name.LoadOrStore(`, `name.Swap(`), by a text search: most maps are never written after their
 * declaration, and resolving every use across the package costs far more than a text scan.
 *
 * It finds what the regex
 *   /([A-Za-z_]\w*)(?:\[[^\]\n]*\]\s*(?:[-+*\/%&|^]?=(?!=)|\+\+|--)|\.(?:Store|LoadOrStore|Swap)\()/g
 * finds, but that regex retried `\w*` from every character of a run of word characters and `[^\]\n]*` from
 * every `[` of a line, which is quadratic: a 1 MiB hex constant took minutes. This scanner looks at each word
 * run once and remembers where the last bracket closed, so it is linear.
 */
/** The names some non-test file of the package may write. */
const WRITTEN = defineFact<GoPackage, Set<string>>('written-names', (pkg) => {
  const names = new Set<string>();
  for (const f of pkg.files) if (!f.isTest) for (const n of writtenNames(f.text)) names.add(n);
  return names;
});

export function mayBeWritten(pkg: GoPackage, name: string): boolean {
  return pkg.store.get(WRITTEN, pkg).has(name);
}

const ASSIGN = /(?:[-+*/%&|^]?=(?!=)|\+\+|--)/y;
const ATOMIC_WRITE = /\.(?:Store|LoadOrStore|Swap)\(/y;
/** Exactly the characters of `\s`: the scan must skip what the regex skipped. */
const SPACE = /\s/;

/** The names the regex above matches in `text`, in order, with repeats. */
export function writtenNames(text: string): string[] {
  const out: string[] = [];
  // The first `]` or newline at or after `closeFrom`, and what follows that `]`: both are reused while
  // later brackets of the same line search from positions before them.
  let closeFrom = -1;
  let close = -1;
  let afterClose = -1;
  let afterCloseEnd = -1;
  let i = 0;
  while (i < text.length) {
    if (!isWord(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < text.length && isWord(text.charCodeAt(i))) i++;
    // `[A-Za-z_]\w*` starts at the run's first non-digit; an earlier start cannot reach a different end.
    let nameStart = runStart;
    while (nameStart < i && isDigit(text.charCodeAt(nameStart))) nameStart++;
    if (nameStart === i) continue;
    let end = -1;
    if (text.charCodeAt(i) === 0x5b /* [ */) {
      if (!(closeFrom >= 0 && i + 1 >= closeFrom && i + 1 <= close)) {
        closeFrom = i + 1;
        close = closeFrom;
        while (close < text.length && text[close] !== ']' && text[close] !== '\n') close++;
        afterClose = -1;
      }
      if (text[close] === ']') {
        if (afterClose !== close) {
          afterClose = close;
          let j = close + 1;
          while (j < text.length && SPACE.test(text[j]!)) j++;
          ASSIGN.lastIndex = j;
          afterCloseEnd = ASSIGN.test(text) ? ASSIGN.lastIndex : -1;
        }
        end = afterCloseEnd;
      }
    } else {
      ATOMIC_WRITE.lastIndex = i;
      if (ATOMIC_WRITE.test(text)) end = ATOMIC_WRITE.lastIndex;
    }
    if (end < 0) continue;
    out.push(text.slice(nameStart, i));
    i = end;
  }
  return out;
}

function isWord(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
