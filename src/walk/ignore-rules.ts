/**
 * .gitignore patterns (gitignore(5)), matched without backtracking. The `ignore` package compiles each
 * pattern to a regex whose `**` parts backtrack against each other: `**\/a/**\/a/…/**\/b` against 60
 * nested `a/` directories ran for minutes, and a repository under review chooses both. Here a pattern is
 * a list of path segments matched by a set-of-states walk over the path's segments (each state a position
 * in the pattern), so a test costs path segments × pattern segments × one segment match; within a segment,
 * `*` and `?` use the single-backtrack wildcard scan, which is linear per star.
 *
 * Semantics follow git and the `ignore` package this replaces: blank lines and `#` comments skipped, `\`
 * escapes, trailing spaces dropped unless escaped, `!` re-includes, a trailing `/` matches directories
 * only, a slash at the start or in the middle anchors the pattern to the root, otherwise it
 * matches a name at any depth; a leading `**\/` and a middle `/**\/` match zero or more directories, a
 * trailing `/**` everything inside; a path inside an ignored directory stays ignored. Like `ignore` with
 * its defaults, matching ignores case.
 */

type Segment = { any: true } | { any: false; glob: string };

interface Rule {
  negated: boolean;
  dirOnly: boolean;
  segments: readonly Segment[];
}

const ANY: Segment = { any: true };

/** One pattern line; null for blank lines and comments. */
export function parsePattern(line: string): Rule | null {
  let text = stripTrailingSpaces(line.toLowerCase());
  if (text === '' || text.startsWith('#')) return null;
  const negated = text.startsWith('!');
  if (negated) text = text.slice(1);
  const dirOnly = text.endsWith('/') && !text.endsWith('\\/');
  while (text.endsWith('/')) text = text.slice(0, -1);
  if (text === '') return null;
  const anchored = text.includes('/');
  const parts = text.split('/').filter((p, i) => p !== '' || i === 0);
  if (parts[0] === '') parts.shift();
  const segments: Segment[] = anchored ? [] : [ANY];
  parts.forEach((p, i) => {
    if (p !== '**') segments.push({ any: false, glob: p });
    // A trailing `/**` matches what is inside, not the directory itself: one segment, then any more.
    else if (i === parts.length - 1 && anchored) segments.push({ any: false, glob: '*' }, ANY);
    else if (segments[segments.length - 1] !== ANY) segments.push(ANY);
  });
  // git's wildmatch gives up on an unclosed `[` or a trailing `\`, and so did `ignore`: no match at all.
  // (A class holding a `/`, `[a/b]`, is such a pattern here: it is cut at the slash.)
  if (segments.some((seg) => !seg.any && !wellFormed(seg.glob))) return null;
  return { negated, dirOnly, segments };
}

function wellFormed(glob: string): boolean {
  for (let g = 0; g < glob.length; g++) {
    if (glob[g] === '\\') {
      if (++g >= glob.length) return false;
    } else if (glob[g] === '[') {
      const end = classEnd(glob, g);
      if (end < 0) return false;
      g = end;
    }
  }
  return true;
}

/** git drops trailing spaces unless the last is escaped with a backslash (`a\ ` is `a `). */
function stripTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') end--;
  if (end < line.length && end > 0 && line[end - 1] === '\\' && !escapedAt(line, end - 1)) return line.slice(0, end + 1);
  return line.slice(0, end);
}

/** Whether the character at `i` is itself escaped (an odd run of backslashes before it). */
function escapedAt(text: string, i: number): boolean {
  let n = 0;
  while (i - 1 - n >= 0 && text[i - 1 - n] === '\\') n++;
  return n % 2 === 1;
}

/** An ordered list of rules: the last that matches a path decides, as in git. */
export class IgnoreRules {
  private readonly rules: Rule[];
  private readonly dirCache = new Map<string, boolean>();

  constructor(from?: IgnoreRules) {
    this.rules = from ? [...from.rules] : [];
  }

  /** Adds the lines of one ignore file, in order (patterns are relative to the root). */
  add(lines: readonly string[]): this {
    for (const line of lines) {
      const rule = parsePattern(line);
      if (rule) this.rules.push(rule);
    }
    this.dirCache.clear();
    return this;
  }

  /** Whether `relPath` (slash-separated, relative to the root; a trailing `/` for a directory) is ignored,
   * itself or through a directory above it. */
  ignores(relPath: string): boolean {
    const isDir = relPath.endsWith('/');
    const segments = relPath.toLowerCase().split('/').filter(Boolean);
    for (let n = 1; n < segments.length; n++) if (this.dirIgnored(segments.slice(0, n))) return true;
    return isDir ? this.dirIgnored(segments) : this.decide(segments, false);
  }

  private dirIgnored(segments: readonly string[]): boolean {
    const key = segments.join('/');
    let known = this.dirCache.get(key);
    if (known === undefined) this.dirCache.set(key, (known = this.decide(segments, true)));
    return known;
  }

  private decide(path: readonly string[], isDir: boolean): boolean {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]!;
      if ((!rule.dirOnly || isDir) && matches(rule, path)) return !rule.negated;
    }
    return false;
  }
}

function matches(rule: Rule, path: readonly string[]): boolean {
  const { segments } = rule;
  // states[j]: the path read so far can be matched by segments[0..j).
  let states = closure(new Uint8Array(segments.length + 1), segments, 0);
  for (let k = 0; k < path.length; k++) {
    const next = new Uint8Array(segments.length + 1);
    let alive = false;
    for (let j = 0; j < segments.length; j++) {
      if (!states[j]) continue;
      const seg = segments[j]!;
      if (seg.any) next[j] = 1;
      else if (globMatch(seg.glob, path[k]!)) next[j + 1] = 1;
      else continue;
      alive = true;
    }
    if (!alive) return false;
    states = closure(next, segments, -1);
  }
  return states[segments.length] === 1;
}

/** Adds the states reachable by letting `**` match no segment; `start` >= 0 also sets that state. */
function closure(states: Uint8Array, segments: readonly Segment[], start: number): Uint8Array {
  if (start >= 0) states[start] = 1;
  for (let j = 0; j < segments.length; j++) if (states[j] && segments[j]!.any) states[j + 1] = 1;
  return states;
}

/**
 * One segment against one glob: `*` any run, `?` one character, `[...]` a class (`!` or `^` negates,
 * ranges), `\` escapes. On a mismatch only the latest `*` takes one more character, which is enough
 * because a segment holds no `/` for a star to stop at: linear per star, never exponential.
 */
export function globMatch(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let starG = -1;
  let starN = 0;
  while (n < name.length) {
    if (g < glob.length && glob[g] === '*') {
      while (glob[g] === '*') g++;
      starG = g;
      starN = n;
      continue;
    }
    const step = g < glob.length ? matchOne(glob, g, name[n]!) : -1;
    if (step > 0) {
      g += step;
      n++;
    } else if (starG >= 0) {
      g = starG;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}

/** How many glob characters match `c` at `g` (0 or -1: no match). */
function matchOne(glob: string, g: number, c: string): number {
  const p = glob[g]!;
  if (p === '?') return 1;
  if (p === '\\' && g + 1 < glob.length) return glob[g + 1] === c ? 2 : 0;
  if (p === '[') {
    const end = classEnd(glob, g);
    if (end > 0) return classHas(glob.slice(g + 1, end), c) ? end - g + 1 : 0;
  }
  return p === c ? 1 : 0;
}

/** The index of the `]` closing a class opened at `g`, or -1 (then `[` is literal). */
function classEnd(glob: string, g: number): number {
  let i = g + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === ']') return i;
  }
  return -1;
}

function classHas(body: string, c: string): boolean {
  const negated = body[0] === '!' || body[0] === '^';
  let i = negated ? 1 : 0;
  let found = false;
  while (i < body.length) {
    let lo = body[i]!;
    if (lo === '\\' && i + 1 < body.length) lo = body[++i]!;
    let hi = lo;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      hi = body[i + 2]!;
      if (hi === '\\' && i + 3 < body.length) hi = body[++i + 2]!;
      i += 2;
    }
    if (c >= lo && c <= hi) found = true;
    i++;
  }
  return found !== negated;
}
