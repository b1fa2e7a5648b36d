import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import {
  defaultPackageName,
  importedAs,
  importTable,
  isDotImported,
  isPackageRef,
  packageMember,
} from '../src/analysis/imports.js';
import type { SourceFile } from '../src/rule-api.js';
import { sourceFile } from './helpers/source.js';
import { nodeAt } from './helpers/go-package.js';

const identAt = (file: SourceFile, needle: string, n: number): Node => nodeAt(file, needle, 'identifier', n);

describe('defaultPackageName', () => {
  it.each([
    ['context', 'context'],
    ['net/http', 'http'],
    ['golang.org/x/net/context', 'context'],
    ['github.com/jackc/pgx/v5', 'pgx'],
    ['gopkg.in/yaml.v3', 'yaml'],
    ['github.com/mattn/go-sqlite3', 'sqlite3'],
    ['github.com/opentracing/opentracing-go', 'opentracing'],
    ['k8s.io/klog/v2', 'klog'],
  ])('%s → %s', (path, name) => {
    expect(defaultPackageName(path)).toBe(name);
  });
});

describe('importTable', () => {
  it('reads aliases, dot imports and default names, and drops blank imports', async () => {
    const file = await sourceFile(
      'package p\n\nimport "fmt"\n\nimport (\n\tstdctx "context"\n\t. "time"\n\t_ "embed"\n\t"gopkg.in/yaml.v3"\n)\n\nfunc f() {}\n',
    );
    const table = importTable(file).map(({ localName, path, dot }) => ({ localName, path, dot }));
    expect(table).toEqual([
      { localName: 'fmt', path: 'fmt', dot: false },
      { localName: 'stdctx', path: 'context', dot: false },
      { localName: '', path: 'time', dot: true },
      { localName: 'yaml', path: 'gopkg.in/yaml.v3', dot: false },
    ]);
    expect(importedAs(file, 'context')).toEqual(['stdctx']);
    expect(importedAs(file, 'embed')).toEqual([]);
    expect(isDotImported(file, 'time')).toBe(true);
    expect(isDotImported(file, 'context')).toBe(false);
  });

  it('lists every local name of a package imported twice', async () => {
    const file = await sourceFile('package p\nimport (\n\t"context"\n\tgoctx "context"\n)\n');
    expect(importedAs(file, 'context')).toEqual(['context', 'goctx']);
  });
});

describe('isPackageRef', () => {
  const src = `package p

import "context"

var shared = context.Background()

func byParam(context string) { _ = context.Len }

func byResult() (context int) { return context }

func byLocal() {
	context.TODO()
	{
		context := 1
		_ = context
	}
	context.TODO()
	for context := range xs {
		_ = context
	}
}

func byClosure() {
	f := func(context int) { _ = context }
	_ = context.Background()
}
`;

  it('is true for the import and false where a local name shadows it', async () => {
    const file = await sourceFile(src);
    const refs = (n: number) => isPackageRef(file, identAt(file, 'context.', n), 'context');
    expect(refs(0)).toBe(true); // package-level initializer
    expect(refs(1)).toBe(false); // parameter named context
    expect(refs(2)).toBe(true); // byLocal, before the inner block
    expect(refs(3)).toBe(true); // after the block that shadowed it
    expect(refs(4)).toBe(true); // byClosure, outside the literal's parameter scope
    expect(isPackageRef(file, identAt(file, 'context }', 0), 'context')).toBe(false); // named result
    expect(isPackageRef(file, identAt(file, 'context\n\t}', 0), 'context')).toBe(false); // block-local variable
    expect(isPackageRef(file, identAt(file, 'context\n\t}', 1), 'context')).toBe(false); // range variable
  });

  it('is false for another package and for non-identifiers', async () => {
    const file = await sourceFile(src);
    const ident = identAt(file, 'context.', 0);
    expect(isPackageRef(file, ident, 'time')).toBe(false);
    expect(isPackageRef(file, ident.parent!, 'context')).toBe(false);
  });
});

describe('packageMember', () => {
  it('names the member of a qualified or dot-imported reference', async () => {
    const file = await sourceFile(`package p

import (
	c "context"
	. "golang.org/x/net/context"
)

func f(ctx c.Context) {
	c.WithCancel(ctx)
	WithTimeout(ctx, 1)
	other.WithCancel(ctx)
}

func g(WithTimeout func()) {
	WithTimeout()
}
`);
    const paths = ['context', 'golang.org/x/net/context'];
    const callee = (needle: string, n = 0) => nodeAt(file, needle, 'call_expression', n).childForFieldName('function')!;
    expect(packageMember(file, callee('c.WithCancel'), paths)).toBe('WithCancel');
    expect(packageMember(file, callee('WithTimeout(ctx'), paths)).toBe('WithTimeout');
    expect(packageMember(file, callee('other.WithCancel'), paths)).toBeUndefined();
    expect(packageMember(file, callee('WithTimeout()'), paths)).toBeUndefined();
    expect(packageMember(file, callee('c.WithCancel'), ['time'])).toBeUndefined();
  });
});
