import type { Node, Parser, Tree } from 'web-tree-sitter';
import { afterEach, describe, expect, it } from 'vitest';
import { goParser } from '../grammars/go.js';
import { parseGo } from '../grammars/new-expr.js';

const trees: Tree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.delete();
});

async function parse(body: string): Promise<{ tree: Tree; text: string }> {
  const text = `package p\n\nfunc f() {\n${body}\n}\n`;
  const tree = parseGo(await goParser(), text);
  trees.push(tree);
  return { tree, text };
}

function calls(root: Node): Node[] {
  return root.descendantsOfType('call_expression').filter((c) => c.childForFieldName('function')?.text === 'new');
}

describe('new(expr) (Go 1.26)', () => {
  it('upstream tree-sitter-go still rejects it; when this fails, delete grammars/new-expr.ts', async () => {
    const tree = (await goParser()).parse('package p\n\nvar x = new(0)\n')!;
    trees.push(tree);
    expect(tree.rootNode.hasError, 'tree-sitter-go now parses new(expr) itself: drop the workaround').toBe(true);
  });

  it.each([
    ['a literal', 'x := new(0)', 'int_literal'],
    ['a string', 'x := new("foo")', 'interpreted_string_literal'],
    ['a conversion', 'x := new(uint64(m.ID))', 'call_expression'],
    ['a nested call', 'x := new(int64(ptr.Deref(x, 1)))', 'call_expression'],
    ['a binary expression', 'x := new(a + 1)', 'binary_expression'],
    ['a negative number', 'return new(-1)', 'unary_expression'],
    ['a field value', 'o := Options{Limit: new(10)}', 'int_literal'],
    ['an argument', 'use(new("a"), 3)', 'interpreted_string_literal'],
    ['a dereference', 'x := *new(3)', 'int_literal'],
  ])('parses %s as a call with an expression argument', async (_name, stmt, argType) => {
    const { tree } = await parse(`\t${stmt}`);
    expect(tree.rootNode.hasError).toBe(false);
    const [call] = calls(tree.rootNode);
    expect(call?.childForFieldName('function')?.type).toBe('identifier');
    expect(call?.childForFieldName('arguments')?.namedChild(0)?.type).toBe(argType);
  });

  it('parses nested new(new(5))', async () => {
    const { tree } = await parse('\td := new(new(5))');
    expect(tree.rootNode.hasError).toBe(false);
    expect(calls(tree.rootNode)).toHaveLength(2);
  });

  it('keeps node text, byte offsets, lines and columns of the original source', async () => {
    const { tree, text } = await parse('\tx := new(uint64(7)) // new(1)\n\ty := "new(2)"');
    const [call] = calls(tree.rootNode);
    const callee = call!.childForFieldName('function')!;
    expect(callee.text).toBe('new');
    expect(callee.startIndex).toBe(text.indexOf('new('));
    expect(callee.startPosition).toEqual({ row: 3, column: 6 });
    expect(call!.text).toBe('new(uint64(7))');
    expect(tree.rootNode.text).toBe(text);
  });

  it('leaves new(T) of a type as the grammar parses it', async () => {
    const body = '\ta := new(int)\n\tb := new([]byte)\n\tc := new(map[string]int)\n\td := new(struct{ x int })\n\te := new(http.Client)\n\tf := new(0)';
    const { tree } = await parse(body);
    expect(tree.rootNode.hasError).toBe(false);
    const args = calls(tree.rootNode).map((c) => c.childForFieldName('arguments')!.namedChild(0)!.type);
    expect(args).toEqual(['type_identifier', 'slice_type', 'map_type', 'struct_type', 'qualified_type', 'int_literal']);
  });

  it('leaves a real syntax error in place and fixes new(expr) beside it', async () => {
    const { tree } = await parse('\tx := new(0)\n\ty := f(1,\n\tz := new("a")');
    expect(tree.rootNode.hasError).toBe(true);
    const broken = tree.rootNode.descendantsOfType('ERROR');
    expect(broken.every((e) => !e.text.includes('new(0)'))).toBe(true);
  });

  it('does not touch a method or field named new', async () => {
    const { tree } = await parse('\tx := pool.new(1)\n\ty := pool. new(2)');
    expect(tree.rootNode.hasError).toBe(false);
    expect(tree.rootNode.descendantsOfType('field_identifier').map((n) => n.text)).toEqual(['new', 'new']);
  });

  it('parses once when the file never spells new( or parses cleanly', async () => {
    const parser = await goParser();
    let count = 0;
    const counting = { parse: (...args: Parameters<Parser['parse']>) => (count++, parser.parse(...args)) } as unknown as Parser;
    for (const text of ['package p\n\nvar x = f(0\n', 'package p\n\nvar x = new(int)\n']) {
      count = 0;
      trees.push(parseGo(counting, text));
      expect(count).toBe(1);
    }
    count = 0;
    trees.push(parseGo(counting, 'package p\n\nvar x = new(0)\n'));
    expect(count).toBe(2);
  });
});
