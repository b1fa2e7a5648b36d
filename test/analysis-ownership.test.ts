import { describe, expect, it } from 'vitest';
import { goParser } from '../grammars/go.js';
import { roleOf } from '../src/analysis/ownership.js';

/** The role of the identifier `c` in one statement placed in a function body. */
async function roleIn(statement: string): Promise<string> {
  const text = `package p\n\nfunc f(c func(), s *S, m map[int]func(), ch chan func()) {\n\t${statement}\n}\n`;
  const tree = (await goParser()).parse(text)!;
  try {
    const fn = tree.rootNode.descendantsOfType('function_declaration')[0]!;
    const use = fn.childForFieldName('body')!.descendantsOfType('identifier').find((n) => n.text === 'c')!;
    return roleOf(use, fn);
  } finally {
    tree.delete();
  }
}

describe('roleOf', () => {
  it.each([
    ['c()', 'call'],
    ['defer c()', 'call'],
    ['go c()', 'call'],
    ['func() { c() }()', 'call'],
    ['defer func() { c() }()', 'deferred-call'],
    ['defer func() { if x { c() } }()', 'deferred-call'],
    ['if c != nil { x() }', 'nil-check'],
    ['_ = c', 'blank'],
    ['c = nil', 'write'],
    ['x, c := g()', 'write'],
    ['register(c)', 'transfer'],
    ['t.Cleanup(c)', 'transfer'],
    ['s.cancel = c', 'transfer'],
    ['m[1] = c', 'transfer'],
    ['d := c', 'transfer'],
    ['ch <- c', 'transfer'],
    ['return &S{cancel: c}', 'transfer'],
    ['return c', 'transfer'],
    ['p := &c', 'transfer'],
    ['go func() { c() }()', 'transfer'],
    ['s.stop = func() { c() }', 'transfer'],
    ['wg.Go(func() { defer c() })', 'transfer'],
    ['defer func() { go func() { c() }() }()', 'transfer'],
    ['fmt.Println(c == nil || x)', 'nil-check'],
    ['x := c != y', 'neutral'],
  ])('%s → %s', async (statement, role) => {
    expect(await roleIn(statement)).toBe(role);
  });
});
