import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { goParser } from '../grammars/go.js';
import { calledOnAllPaths, enclosingFunction, reachedWithout } from '../src/analysis/flow.js';

/**
 * Each case is one function body. The path starts after the statement marked `// from` and X is a
 * call to `done()`. The expected value is 'ok' or the 1-based line of the exit reached without X
 * (a return, or the closing brace when the body falls off its end).
 */

const isDone = (n: Node) => n.childForFieldName('function')?.text === 'done';

async function check(body: string): Promise<string | number | undefined> {
  const text = `package p\n\nfunc f(ctx Context, t *T) error {\n${body}\n}\n`;
  const tree = (await goParser()).parse(text)!;
  try {
    const fromIndex = text.indexOf('// from');
    const stmt = tree.rootNode.descendantForIndex(text.lastIndexOf('\n', fromIndex) + 2)!;
    const fn = enclosingFunction(stmt)!;
    const result = calledOnAllPaths(fn, stmt, isDone);
    if (!result) return undefined;
    return result.ok ? 'ok' : result.exit.startPosition.row + 1;
  } finally {
    tree.delete();
  }
}

// Line 4 is the first line of the body.
describe('calledOnAllPaths', () => {
  it.each<[string, string, string | number]>([
    ['a straight line', 'start() // from\ndone()\nreturn nil', 'ok'],
    ['an early return', 'start() // from\nif bad() {\n\treturn errX\n}\ndone()\nreturn nil', 6],
    ['falling off the end', 'start() // from\nif ok() {\n\tdone()\n}', 8],
    ['defer right after', 'start() // from\ndefer done()\nif bad() {\n\treturn errX\n}\nreturn nil', 'ok'],
    ['a deferred closure', 'start() // from\ndefer func() {\n\tlog()\n\tdone()\n}()\nreturn nil', 'ok'],
    ['a closure that is not called', 'start() // from\ncb := func() { done() }\nreturn use(cb)', 6],
    ['a closure called on the spot', 'start() // from\nfunc() { done() }()\nreturn nil', 'ok'],
    ['a panic path', 'start() // from\nif bad() {\n\tpanic("x")\n}\ndone()\nreturn nil', 'ok'],
    ['os.Exit and log.Fatalf paths', 'start() // from\nif a() {\n\tos.Exit(1)\n} else if b() {\n\tlog.Fatalf("x")\n}\ndone()\nreturn nil', 'ok'],
    ['t.Fatal and t.Skip paths', 'start() // from\nif a() {\n\tt.Fatal("x")\n}\nif b() {\n\tt.Skip()\n}\ndone()\nreturn nil', 'ok'],
    ['a Skip method on another receiver', 'start() // from\nif a() {\n\tr.Skip(4)\n}\nreturn nil', 8],
    ['a loop that may run zero times', 'start() // from\nfor i := 0; i < n; i++ {\n\tdone()\n}\nreturn nil', 8],
    ['a range loop body', 'start() // from\nfor range xs {\n\tdone()\n}\nreturn nil', 8],
    ['an endless loop with no break', 'start() // from\nfor {\n\tif x() {\n\t\tdone()\n\t\treturn nil\n\t}\n}', 'ok'],
    ['an endless loop with a break', 'start() // from\nfor {\n\tif x() {\n\t\tbreak\n\t}\n\tdone()\n}\nreturn nil', 11],
    ['a labeled break out of two loops', 'start() // from\nouter:\nfor {\n\tfor {\n\t\tbreak outer\n\t}\n\tdone()\n}\nreturn nil', 12],
    ['a labeled continue', 'start() // from\nouter:\nfor {\n\tfor {\n\t\tcontinue outer\n\t}\n}', 'ok'],
    ['a switch without default', 'start() // from\nswitch k {\ncase 1:\n\tdone()\ncase 2:\n\tdone()\n}\nreturn nil', 11],
    ['a switch with default', 'start() // from\nswitch k {\ncase 1:\n\tdone()\ndefault:\n\tdone()\n}\nreturn nil', 'ok'],
    ['fallthrough into a case that calls', 'start() // from\nswitch k {\ncase 1:\n\tfallthrough\ncase 2:\n\tdone()\ndefault:\n\tdone()\n}\nreturn nil', 'ok'],
    ['a break out of a switch case', 'start() // from\nswitch k {\ncase 1:\n\tif x() {\n\t\tbreak\n\t}\n\tdone()\ndefault:\n\tdone()\n}\nreturn nil', 14],
    ['a type switch', 'start() // from\nswitch v := x.(type) {\ncase int:\n\treturn use(v)\ndefault:\n\tdone()\n}\nreturn nil', 7],
    ['a select with a missed case', 'start() // from\nselect {\ncase <-a:\n\tdone()\ncase v := <-b:\n\treturn use(v)\n}\nreturn nil', 9],
    ['an empty select blocks forever', 'start() // from\nif x() {\n\tselect {}\n}\ndone()\nreturn nil', 'ok'],
    ['a goto past the call', 'start() // from\nif x() {\n\tgoto out\n}\ndone()\nout:\nreturn nil', 10],
    ['a goto back before the call', 'start() // from\nagain:\nif x() {\n\tgoto again\n}\ndone()\nreturn nil', 'ok'],
    ['a call in the return expression', 'start() // from\nif x() {\n\treturn wrap(done())\n}\ndone()\nreturn nil', 'ok'],
    ['a call in an if condition', 'start() // from\nif done(); x() {\n\treturn nil\n}\nreturn nil', 'ok'],
  ])('%s', async (_name, body, expected) => {
    expect(await check(body)).toBe(expected);
  });

  it('treats a statement inside a nested literal as not part of the function', async () => {
    const text = 'package p\n\nfunc f() {\n\tgo func() {\n\t\tstart()\n\t}()\n}\n';
    const tree = (await goParser()).parse(text)!;
    const outer = tree.rootNode.descendantsOfType('function_declaration')[0]!;
    const inner = tree.rootNode.descendantsOfType('call_expression').find((c) => c.text === 'start()')!;
    expect(calledOnAllPaths(outer, inner, isDone)).toBeUndefined();
    expect(enclosingFunction(inner)?.type).toBe('func_literal');
    expect(calledOnAllPaths(enclosingFunction(inner)!, inner, isDone)).toEqual({ ok: false, exit: expect.anything() });
    tree.delete();
  });

  it('follows no path through a statement that did not parse', async () => {
    expect(await check('start() // from\nif x( {\n\treturn nil\n}\nreturn nil')).toBe('ok');
    expect(await check('start() // from\nuse(done, ]\nreturn nil')).toBe('ok');
  });

  it('still checks the paths of a function that avoid its syntax error', async () => {
    expect(await check('start() // from\nif y {\n\treturn nil\n}\nif x( {\n\treturn nil\n}\ndone()')).toBe(6);
    expect(await check('for {\n\tstart() // from\n\tif y {\n\t\treturn nil\n\t}\n\tuse(x, ]\n}')).toBe(7);
  });
});

describe('reachedWithout', () => {
  async function overwrite(body: string): Promise<number | null | undefined> {
    const text = `package p\n\nfunc f() {\n${body}\n}\n`;
    const tree = (await goParser()).parse(text)!;
    const assigns = tree.rootNode.descendantsOfType('assignment_statement');
    const from = assigns[0]!;
    const found = reachedWithout(enclosingFunction(from)!, from, isDone, (s) => s.type === 'assignment_statement');
    tree.delete();
    return found === null || found === undefined ? found : found.startPosition.row + 1;
  }

  it('finds the loop bringing the path back to the same assignment', async () => {
    expect(await overwrite('for x() {\n\tc = start()\n\tuse(c)\n}\ndone()')).toBe(5);
  });
  it('finds a later assignment reached without X', async () => {
    expect(await overwrite('c = start()\nif x() {\n\tdone()\n}\nc = start()\ndone()')).toBe(8);
  });
  it('is null when X always comes first', async () => {
    expect(await overwrite('for x() {\n\tc = start()\n\tdone()\n}')).toBeNull();
  });
});
