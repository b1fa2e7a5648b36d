import path from 'node:path';
import type { ModuleInfo } from '../analysis/source.js';
import { MAX_CONTROL_BYTES, readBounded } from './resource-policy.js';

/**
 * The module a directory belongs to: the nearest go.mod at or above it, as the go command finds it
 * (up to the file system root; a go.mod that cannot be read is passed over, so the search goes on above
 * it). Only the directives that say what the code compiles as are read: `module`, `go` and `toolchain`.
 * Nothing here throws: a repository's go.mod is attacker input on a code-scanning run, and a broken one
 * only means less is known.
 */

export type { ModuleInfo } from '../analysis/source.js';

/** What go.mod says, before it is tied to a directory. */
export interface GoModDirectives {
  /** '' when there is no module directive. */
  path: string;
  go?: string;
  toolchain?: string;
}

/** `1.23`, `1.22.3`, `1.21rc1`, `1.21.0-rc.1`? The go command accepts the first three shapes. */
const GO_VERSION = /^[0-9]+(?:\.[0-9]+){0,2}(?:(?:rc|beta)[0-9]+)?$/;
/** `go1.24.1`, `go1.25rc2`, `default` (the only non-version value the go command takes). */
const TOOLCHAIN = /^(?:go[0-9]+(?:\.[0-9]+){0,2}(?:(?:rc|beta)[0-9]+)?(?:-[A-Za-z0-9_.-]+)?|default)$/;

/**
 * Reads the `module`, `go` and `toolchain` directives of a go.mod text. Both forms count: `go 1.23` and
 * a block `go (\n\t1.23\n)`. `//` comments end a line (outside quotes), a leading BOM and CRLF line ends
 * are accepted, and any line that is not one of these directives (require, replace, garbage) is passed
 * over. The first occurrence of each directive wins (the go command rejects repeats). A value that is not
 * a version is left out.
 */
export function parseGoMod(text: string): GoModDirectives {
  const out: GoModDirectives = { path: '' };
  const seen = new Set<string>();
  let block: string | undefined;
  const take = (verb: string, args: string[]) => {
    if (seen.has(verb) || args.length !== 1) return;
    const value = args[0]!;
    if (verb === 'module') out.path = value;
    else if (verb === 'go' && GO_VERSION.test(value)) out.go = value;
    else if (verb === 'toolchain' && TOOLCHAIN.test(value)) out.toolchain = value;
    else return;
    seen.add(verb);
  };
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const tokens = tokenize(raw);
    if (tokens.length === 0) continue;
    if (block !== undefined) {
      if (tokens[0] === ')') block = undefined;
      else take(block, tokens);
      continue;
    }
    const [verb, ...args] = tokens;
    if (args[0] === '(') {
      // `verb (` opens a block; `verb ( )` is an empty one.
      if (args[args.length - 1] !== ')') block = verb;
      continue;
    }
    take(verb!, args);
  }
  return out;
}

/** The tokens of one go.mod line: words, quoted strings (unquoted), and `(` / `)`; a `//` comment ends it. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (line.startsWith('//', i)) {
      break;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === '"' || c === '`') {
      const end = quoteEnd(line, i);
      if (end < 0) return tokens; // an unterminated string: the rest of the line is garbage
      tokens.push(unquote(line.slice(i + 1, end), c));
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && !/[\s()"`]/.test(line[j]!) && !line.startsWith('//', j)) j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

function quoteEnd(line: string, start: number): number {
  const q = line[start]!;
  for (let i = start + 1; i < line.length; i++) {
    if (q === '"' && line[i] === '\\') i++;
    else if (line[i] === q) return i;
  }
  return -1;
}

/** Module paths hold no escapes worth decoding beyond `\"` and `\\`. */
function unquote(body: string, quote: string): string {
  return quote === '`' ? body : body.replace(/\\(.)/g, '$1');
}

/**
 * Finds the module of each directory. Answers are kept per directory for the life of the finder, which
 * is one run (or one worker): every directory on the way up shares the answer of the go.mod above it,
 * so a tree of n directories reads each go.mod once.
 */
export class ModuleFinder {
  private readonly cache = new Map<string, ModuleInfo | null>();

  constructor(private readonly read: (absPath: string) => string = readGoMod) {}

  /** The module of `dir` (made absolute); undefined when no readable go.mod is at or above it. */
  find(dir: string): ModuleInfo | undefined {
    const seen: string[] = [];
    let found: ModuleInfo | null = null;
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
      const known = this.cache.get(current);
      if (known !== undefined) {
        found = known;
        break;
      }
      seen.push(current);
      const info = this.readAt(current);
      if (info) {
        found = info;
        break;
      }
      if (path.dirname(current) === current) break;
    }
    for (const d of seen) this.cache.set(d, found);
    return found ?? undefined;
  }

  private readAt(dir: string): ModuleInfo | undefined {
    let text: string;
    try {
      text = this.read(path.join(dir, 'go.mod'));
    } catch {
      return undefined;
    }
    try {
      return { dir, ...parseGoMod(text) };
    } catch {
      return { dir, path: '' };
    }
  }
}

/** A go.mod is a control file: bounded like .gitignore, and never a FIFO or device (readBounded). */
function readGoMod(absPath: string): string {
  return readBounded(absPath, MAX_CONTROL_BYTES, 'read').toString('utf8');
}
