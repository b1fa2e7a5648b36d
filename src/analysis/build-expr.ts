/**
 * Build constraint expressions, as the go command reads them (go/build/constraint): the `//go:build`
 * form (`linux && (amd64 || arm64) && !purego`) and the old `// +build` form (`linux,amd64 darwin`,
 * lines ANDed). A text that is not a valid expression gives undefined: the go command rejects the file,
 * and we take it as unconstrained rather than guess.
 */

export type BuildExpr =
  | { op: 'tag'; tag: string }
  | { op: 'not'; x: BuildExpr }
  | { op: 'and'; x: BuildExpr; y: BuildExpr }
  | { op: 'or'; x: BuildExpr; y: BuildExpr };

/** Deeper nesting than this is not a build constraint anyone writes; refusing it keeps the parser's
 * recursion bounded on hostile input. */
const MAX_DEPTH = 100;

const TAG = /^[\p{L}\p{Nd}_.]+$/u;

/** The expression after `//go:build`; undefined when it does not parse. */
export function parseGoBuild(text: string): BuildExpr | undefined {
  const tokens = lex(text);
  if (!tokens || tokens.length === 0) return undefined;
  const p = new Parser(tokens);
  const expr = p.or(0);
  return expr && p.done() ? expr : undefined;
}

/** The expressions of `// +build` lines (the text after `+build` on each), ANDed; undefined when any
 * line does not parse or there are none. */
export function parsePlusBuild(lines: readonly string[]): BuildExpr | undefined {
  let all: BuildExpr | undefined;
  for (const line of lines) {
    let any: BuildExpr | undefined;
    const options = line.split(/[ \t]+/).filter((o) => o !== '');
    if (options.length === 0) return undefined;
    for (const option of options) {
      let each: BuildExpr | undefined;
      for (const term of option.split(',')) {
        const negated = term.startsWith('!');
        const tag = negated ? term.slice(1) : term;
        if (!TAG.test(tag)) return undefined; // also `!!x` and empty terms (`a,,b`)
        const lit: BuildExpr = negated ? { op: 'not', x: { op: 'tag', tag } } : { op: 'tag', tag };
        each = each ? { op: 'and', x: each, y: lit } : lit;
      }
      any = any ? { op: 'or', x: any, y: each! } : each;
    }
    all = all ? { op: 'and', x: all, y: any! } : any;
  }
  return all;
}

type Token = '(' | ')' | '!' | '&&' | '||' | { tag: string };

function lex(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '(' || c === ')' || c === '!') {
      tokens.push(c);
      i++;
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push(text.slice(i, i + 2) as '&&' | '||');
      i += 2;
    } else {
      let j = i;
      while (j < text.length && TAG.test(text[j]!)) j++;
      if (j === i) return undefined;
      tokens.push({ tag: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  done(): boolean {
    return this.at === this.tokens.length;
  }

  or(depth: number): BuildExpr | undefined {
    let x = this.and(depth);
    while (x && this.tokens[this.at] === '||') {
      this.at++;
      const y = this.and(depth);
      x = y ? { op: 'or', x, y } : undefined;
    }
    return x;
  }

  private and(depth: number): BuildExpr | undefined {
    let x = this.not(depth);
    while (x && this.tokens[this.at] === '&&') {
      this.at++;
      const y = this.not(depth);
      x = y ? { op: 'and', x, y } : undefined;
    }
    return x;
  }

  private not(depth: number): BuildExpr | undefined {
    // `!!x` is valid in the //go:build form; count the marks instead of recursing on each.
    let marks = 0;
    while (this.tokens[this.at] === '!') {
      marks++;
      this.at++;
    }
    if (marks > MAX_DEPTH) return undefined;
    let x = this.atom(depth);
    for (let i = 0; x && i < marks; i++) x = { op: 'not', x };
    return x;
  }

  private atom(depth: number): BuildExpr | undefined {
    const t = this.tokens[this.at];
    if (t === '(') {
      if (depth >= MAX_DEPTH) return undefined;
      this.at++;
      const x = this.or(depth + 1);
      if (!x || this.tokens[this.at] !== ')') return undefined;
      this.at++;
      return x;
    }
    if (t === undefined || typeof t === 'string') return undefined;
    this.at++;
    return { op: 'tag', tag: t.tag };
  }
}

/**
 * Whether every build satisfying `expr` sets one of `tags`. Read from the negation normal form, so it
 * is sound (a yes is always right) and exact for the shapes people write; a constraint that needs the
 * tag only through case analysis (`(ignore || linux) && (ignore || !linux)`) is answered no.
 */
export function requiresAnyTag(expr: BuildExpr, tags: ReadonlySet<string>): boolean {
  return foldPositive(expr, (tag) => tags.has(tag), (a, b) => a || b, (a, b) => a && b, false);
}

/**
 * Folds `expr` in negation normal form over its literals: `lit(tag)` for a tag that must be set,
 * `neutral` for a tag that must be unset; `and`/`or` combine the two sides. Iterative: the tree may be
 * as deep as a long `a && b && c ...` chain.
 */
export function foldPositive<T>(expr: BuildExpr, lit: (tag: string) => T, and: (a: T, b: T) => T, or: (a: T, b: T) => T, neutral: T): T {
  type Frame = { e: BuildExpr; neg: boolean; done: boolean };
  const stack: Frame[] = [{ e: expr, neg: false, done: false }];
  const values: T[] = [];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const { e, neg } = f;
    if (e.op === 'tag') values.push(neg ? neutral : lit(e.tag));
    else if (e.op === 'not') stack.push({ e: e.x, neg: !neg, done: false });
    else if (!f.done) stack.push({ ...f, done: true }, { e: e.y, neg, done: false }, { e: e.x, neg, done: false });
    else {
      const y = values.pop()!;
      const x = values.pop()!;
      // De Morgan: under a negation, && becomes || and the other way round.
      values.push((e.op === 'and') !== neg ? and(x, y) : or(x, y));
    }
  }
  return values[0]!;
}
