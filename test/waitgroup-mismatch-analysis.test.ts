import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { goParser } from '../grammars/go.js';
import { exitWithout } from '../src/analysis/flow.js';
import { literalTripCount } from '../rules/waitgroup-mismatch/goroutines.js';

/** The shared facts waitgroup-mismatch added: whole-function paths and literal loop trip counts. */

async function withFunction<T>(body: string, ask: (fn: Node) => T): Promise<T> {
  const text = `package p\n\nfunc f() {\n${body}\n}\n`;
  const tree = (await goParser()).parse(text)!;
  try {
    return ask(tree.rootNode.descendantsOfType('function_declaration')[0]!);
  } finally {
    tree.delete();
  }
}

const isDone = (n: Node) => n.childForFieldName('function')?.text === 'done';

// Line 4 is the first line of the body.
describe('exitWithout', () => {
  it.each<[string, string, string | number]>([
    ['done at the end', 'work()\ndone()', 'ok'],
    ['an early return', 'if bad() {\n\treturn\n}\ndone()', 5],
    ['a deferred done', 'defer done()\nif bad() {\n\treturn\n}', 'ok'],
    ['done in a deferred closure', 'defer func() {\n\tdone()\n}()\nif bad() {\n\treturn\n}', 'ok'],
    ['done on one select case', 'select {\ncase <-a:\n\tdone()\ncase <-b:\n}', 9],
    ['a panic path', 'if bad() {\n\tpanic("x")\n}\ndone()', 'ok'],
  ])('%s', async (_name, body, expected) => {
    const exit = await withFunction(body, (fn) => exitWithout(fn, isDone));
    expect(exit === null ? 'ok' : exit!.startPosition.row + 1).toBe(expected);
  });
});

describe('literalTripCount', () => {
  it.each<[string, string, number | undefined]>([
    ['i < 4', 'for i := 0; i < 4; i++ {\n\tgo work()\n}', 4],
    ['i <= 3 from 1', 'for i := 1; i <= 3; i++ {\n\tgo work()\n}', 3],
    ['range over an int', 'for range 5 {\n\tgo work()\n}', 5],
    ['a bound that is not a literal', 'for i := 0; i < n; i++ {\n\tgo work()\n}', undefined],
    ['a break out of the loop', 'for i := 0; i < 4; i++ {\n\tif stop() {\n\t\tbreak\n\t}\n\tgo work()\n}', undefined],
    ['a break of an inner select', 'for i := 0; i < 4; i++ {\n\tselect {\n\tcase <-c:\n\t\tbreak\n\t}\n\tgo work()\n}', 4],
    ['a return inside the goroutine', 'for i := 0; i < 2; i++ {\n\tgo func() {\n\t\treturn\n\t}()\n}', 2],
  ])('%s', async (_name, body, expected) => {
    const trips = await withFunction(body, (fn) => literalTripCount(fn.descendantsOfType('for_statement')[0]!));
    expect(trips).toBe(expected);
  });
});
