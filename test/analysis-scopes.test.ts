import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { declaringFunction, references, resolve } from '../src/analysis/scopes.js';
import type { SourceFile } from '../src/rule-api.js';
import { sourceFile } from './helpers/source.js';

/** The identifier at a 1-based line and column (the fixtures below are ASCII). */
function identAt(file: SourceFile, line: number, column: number): Node {
  const node = file.tree.rootNode.descendantForPosition({ row: line - 1, column: column - 1 });
  if (node?.type !== 'identifier') throw new Error(`no identifier at ${line}:${column}, found ${node?.type}`);
  return node;
}

/** "line:col" of the node's start, 1-based. */
function at(node: Node | undefined): string {
  return node ? `${node.startPosition.row + 1}:${node.startPosition.column + 1}` : 'unresolved';
}

function declOf(file: SourceFile, line: number, column: number): string {
  return at(resolve(file, identAt(file, line, column))?.node);
}

const src = `package p

func run(ctx Context, n int) (err error) {
	ctx, cancel := WithCancel(ctx)
	x, cancel := WithTimeout(ctx, n)
	if n > 0 {
		ctx, cancel := WithCancel(ctx)
		cancel()
	}
	cancel()
	n := n + x
	for i, v := range items {
		go func(v int) { use(i, v, cancel) }(v)
	}
	switch t := val.(type) {
	case int:
		use(t)
	}
	select {
	case msg := <-ch:
		use(msg)
	}
	w := worker{cancel: cancel}
	m := map[string]int{key: 1}
	if y := 1; y > 0 {
	} else {
		use(y)
	}
	return helper(err, later)
}

var later = 2

func helper(a, b int) int { return a + b }
`;

describe('resolve', () => {
  it('binds parameters, named results and package-level names declared later', async () => {
    const file = await sourceFile(src);
    expect(declOf(file, 4, 28)).toBe('3:10'); // WithCancel(ctx) → parameter ctx
    expect(declOf(file, 29, 16)).toBe('3:31'); // err → named result
    expect(declOf(file, 29, 21)).toBe('32:5'); // later → package var below
    expect(declOf(file, 29, 9)).toBe('34:6'); // helper → package func below
    expect(declOf(file, 4, 17)).toBe('unresolved'); // WithCancel: declared in no file we see
  });

  it("follows Go's redeclaration rule and block shadowing", async () => {
    const file = await sourceFile(src);
    expect(declOf(file, 4, 2)).toBe('3:10'); // `ctx, cancel :=` reuses the parameter ctx
    expect(declOf(file, 4, 7)).toBe('4:7'); // and declares cancel
    expect(declOf(file, 5, 5)).toBe('4:7'); // `x, cancel :=` in the same scope reuses cancel
    expect(declOf(file, 5, 2)).toBe('5:2'); // while x is new
    expect(declOf(file, 7, 8)).toBe('7:8'); // the if block's `cancel :=` is a new variable
    expect(declOf(file, 8, 3)).toBe('7:8');
    expect(declOf(file, 10, 2)).toBe('4:7'); // after the block, the outer one again
  });

  it('resolves the right-hand side of := before the new names exist', async () => {
    const file = await sourceFile(src);
    expect(declOf(file, 11, 7)).toBe('3:23'); // n + x: the parameter n...
    expect(declOf(file, 11, 2)).toBe('3:23'); // ...which `n :=` reuses in the function scope
  });

  it('binds range variables, literal parameters, type switch and select case variables', async () => {
    const file = await sourceFile(src);
    expect(declOf(file, 13, 24)).toBe('12:6'); // i captured in the literal → range i
    expect(declOf(file, 13, 27)).toBe('13:11'); // v → the literal's parameter, not range v
    expect(declOf(file, 13, 40)).toBe('12:9'); // the argument v → range v
    expect(declOf(file, 13, 30)).toBe('4:7'); // cancel captured from the function
    expect(declOf(file, 17, 7)).toBe('15:9'); // t in a case clause
    expect(declOf(file, 21, 7)).toBe('20:7'); // msg := <-ch
    expect(declOf(file, 27, 7)).toBe('25:5'); // if-initializer variable in the else branch
  });

  it('does not take a struct literal key for a use, but does a map literal key', async () => {
    const file = await sourceFile(src);
    expect(declOf(file, 23, 14)).toBe('unresolved'); // the field name cancel:
    expect(declOf(file, 23, 22)).toBe('4:7'); // the value cancel
    const keyFile = await sourceFile('package p\n\nvar key = "k"\n\nfunc f() { m := map[string]int{key: 1}; _ = m }\n');
    expect(declOf(keyFile, 5, 32)).toBe('3:5');
  });

  it('gives up on non-identifiers', async () => {
    const file = await sourceFile(src);
    expect(resolve(file, identAt(file, 3, 10).parent!)).toBeUndefined();
  });
});

describe('references', () => {
  it('lists every use of one variable, including in nested literals and redeclarations', async () => {
    const file = await sourceFile(src);
    const cancel = resolve(file, identAt(file, 4, 7))!;
    expect(cancel.kind).toBe('var');
    expect(references(file, cancel).map(at)).toEqual(['5:5', '10:2', '13:30', '23:22']);
    const inner = resolve(file, identAt(file, 7, 8))!;
    expect(references(file, inner).map(at)).toEqual(['8:3']);
  });

  it('collects uses of a package-level name from every declaration of the file', async () => {
    const file = await sourceFile(src);
    const later = resolve(file, identAt(file, 32, 5))!;
    expect(later.scope.kind).toBe('package');
    expect(references(file, later).map(at)).toEqual(['29:21']);
  });

  it('tells which function declares a binding', async () => {
    const file = await sourceFile(src);
    const v = resolve(file, identAt(file, 13, 11))!;
    expect(v.kind).toBe('param');
    expect(declaringFunction(v)?.type).toBe('func_literal');
    expect(declaringFunction(resolve(file, identAt(file, 4, 7))!)?.type).toBe('function_declaration');
    expect(declaringFunction(resolve(file, identAt(file, 32, 5))!)).toBeUndefined();
  });
});
