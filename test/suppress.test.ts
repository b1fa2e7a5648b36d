import { describe, expect, it } from 'vitest';
import { lintPackage } from '../src/engine/lint-package.js';
import { findRule } from '../rules/index.js';

/** Where a directive reaches: the exact lines it covers and the forms that must not count. */

async function lines(body: string): Promise<number[]> {
  const text = `package svc\n\nimport "context"\n\n${body}`;
  const rule = findRule('lost-cancel')!;
  const res = await lintPackage({ dir: '.', name: 'svc', files: [{ path: 'a.go', text, isTest: false, packageName: 'svc' }] }, [
    { rule, level: 'warning' },
  ]);
  expect(res.errors).toEqual([]);
  return res.findings.map((f) => f.start.line);
}

const leak = (prefix = '', suffix = '') => `${prefix}\tctx, _ = context.WithCancel(ctx)${suffix}\n`;

describe('suppression scope', () => {
  it('reports when nothing suppresses (control)', async () => {
    expect(await lines(`func f(ctx context.Context) {\n${leak()}\tuse(ctx)\n}\n`)).toEqual([6]);
  });

  it('an end-of-line directive on the last line of a multi-line statement covers the statement', async () => {
    const body = 'func f(ctx context.Context) {\n\tctx, _ = context.WithCancel(\n\t\tctx,\n\t) //nolint:lost-cancel // test helper\n\tuse(ctx)\n}\n';
    expect(await lines(body)).toEqual([]);
  });

  it('an own-line directive skips doc comments to reach the next statement', async () => {
    const body = `//nolint:lost-cancel // kept for the benchmark\n// f leaks on purpose.\nfunc f(ctx context.Context) {\n${leak()}\tuse(ctx)\n}\n`;
    expect(await lines(body)).toEqual([]);
  });

  it('an own-line directive covers only the next statement, not the one after it', async () => {
    const body = `func f(ctx context.Context) {\n\t//gohazard:ignore lost-cancel first one is fine\n${leak()}${leak()}\tuse(ctx)\n}\n`;
    expect(await lines(body)).toEqual([8]);
  });

  it('a directive inside a string literal is not a directive', async () => {
    const body = `func f(ctx context.Context) {\n${leak('', ' ; _ = "//nolint"')}\tuse(ctx)\n}\n`;
    expect(await lines(body)).toEqual([6]);
  });

  it('// nolint with a space (golangci-lint accepts it) suppresses; //nolintfoo does not', async () => {
    expect(await lines(`func f(ctx context.Context) {\n${leak('', ' // nolint')}\tuse(ctx)\n}\n`)).toEqual([]);
    expect(await lines(`func f(ctx context.Context) {\n${leak('', ' //nolintfoo')}\tuse(ctx)\n}\n`)).toEqual([6]);
  });

  it('//gohazard:ignore without a rule is malformed and suppresses nothing', async () => {
    expect(await lines(`func f(ctx context.Context) {\n${leak('', ' //gohazard:ignore')}\tuse(ctx)\n}\n`)).toEqual([6]);
  });

  it('//nolint:all and lists with other linters', async () => {
    expect(await lines(`func f(ctx context.Context) {\n${leak('', ' //nolint:all')}\tuse(ctx)\n}\n`)).toEqual([]);
    expect(await lines(`func f(ctx context.Context) {\n${leak('', ' //nolint:errcheck,lost-cancel')}\tuse(ctx)\n}\n`)).toEqual([]);
  });
});
