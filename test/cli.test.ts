import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { CLEAN, LEAKY, gohazard, goTree } from './helpers/cli.js';

const LEAK_LINE = 'svc/leak.go:9:11: ';

describe('exit codes and text output', () => {
  it('exits 0 with no output on clean code', async () => {
    const dir = goTree({ 'go.mod': 'module example.com/m\n', 'svc/ok.go': CLEAN });
    const r = await gohazard(['./...'], { cwd: dir });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('exits 1 and prints path:line:col: message (rule) relative to cwd, stderr empty', async () => {
    const dir = goTree({ 'svc/leak.go': LEAKY, 'svc/ok.go': CLEAN });
    const r = await gohazard([], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(LEAK_LINE)).toBe(true);
    expect(lines[0]!.endsWith(' (lost-cancel)')).toBe(true);
    expect(lines[0]).toContain('context.WithTimeout');
  });

  it('prints absolute file arguments relative to cwd (lint-staged passes absolute paths)', async () => {
    const dir = goTree({ 'svc/leak.go': LEAKY });
    const r = await gohazard([path.join(dir, 'svc/leak.go')], { cwd: dir });
    expect(r.stdout.startsWith(LEAK_LINE)).toBe(true);
  });

  it('is byte-identical across runs', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`p${i % 5}/f${i}.go`] = LEAKY.replace('package svc', `package p${i % 5}`);
    const dir = goTree(files);
    const a = await gohazard(['./...', '-f', 'sarif'], { cwd: dir });
    const b = await gohazard(['./...', '-f', 'sarif'], { cwd: dir });
    expect(a.status).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).runs[0].results).toHaveLength(30);
  });

  it('gives the same report on worker threads as on one thread', async () => {
    const files: Record<string, string> = {};
    // Enough files that the pool starts workers (it runs small jobs on the main thread).
    for (let i = 0; i < 90; i++) files[`d${i % 9}/f${i}.go`] = (i % 3 === 0 ? LEAKY : CLEAN).replace('package svc', `package d${i % 9}`);
    const dir = goTree(files);
    const one = await gohazard(['-j', '1', './...'], { cwd: dir });
    const two = await gohazard(['-j', '2', './...'], { cwd: dir });
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    expect(two.stdout.trimEnd().split('\n')).toHaveLength(30);
  });

  it('colours text only when asked or on a terminal', async () => {
    // The terminal itself is test/cli-bin.test.ts's: here stdout is a pipe, so only env and flags colour.
    const dir = goTree({ 'svc/leak.go': LEAKY });
    expect((await gohazard([], { cwd: dir })).stdout).not.toContain('\u001b[');
    expect((await gohazard([], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect((await gohazard([], { cwd: dir, env: { FORCE_COLOR: '0' } })).stdout).not.toContain('\u001b[');
    expect((await gohazard([], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await gohazard(['--color'], { cwd: dir, env: { NO_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect((await gohazard(['--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });
});

describe('formats', () => {
  const dir = goTree({ 'svc/leak.go': LEAKY });

  it('json has the documented shape', async () => {
    const r = await gohazard(['-f', 'json'], { cwd: dir });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.tool.name).toBe('gohazard');
    expect(doc.errors).toEqual([]);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ ruleId: 'lost-cancel', file: 'svc/leak.go', start: { line: 9, column: 11, utf16Column: 11 } });
    expect(doc.findings[0].fingerprint).toMatch(/^[0-9a-f]+:1$/);
  });

  it('sarif has one run, the rules that ran and a relative %SRCROOT% location', async () => {
    const r = await gohazard(['--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    // With no config every rule runs, so every rule is described, in id order.
    expect(ids).toEqual(allRules.map((x) => x.meta.id));
    const res = run.results[0];
    expect(ids[res.ruleIndex]).toBe('lost-cancel');
    expect(res.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'svc/leak.go', uriBaseId: '%SRCROOT%' });
    expect(res.locations[0].physicalLocation.region).toMatchObject({ startLine: 9, startColumn: 11 });
  });

  it('github writes workflow commands', async () => {
    const r = await gohazard(['-f', 'github'], { cwd: dir });
    expect(r.stdout).toMatch(/^::warning file=svc\/leak\.go,line=9,endLine=9,col=11,endColumn=\d+,title=lost-cancel::/);
  });

  it('--output writes the report atomically and prints nothing', async () => {
    const r = await gohazard(['-f', 'sarif', '-o', 'out.sarif'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('an unwritable --output is a clear one-line error (exit 3: a failed write), naming neither the temporary file nor an absolute path', async () => {
    const r = await gohazard(['-o', 'no/such/dir/out.txt'], { cwd: dir });
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('gohazard: cannot write the report to no/such/dir/out.txt: no such file or directory\n');
  });
});

describe('stdin (editor on save)', () => {
  it('lints the buffer under the path the editor gives', async () => {
    const dir = goTree({ 'svc/leak.go': CLEAN });
    const r = await gohazard(['--stdin-filename', 'svc/leak.go', '-'], { cwd: dir, input: LEAKY });
    expect(r.status).toBe(1);
    expect(r.stdout.startsWith(LEAK_LINE)).toBe(true);
  });

  it('calls it <stdin> without a file name', async () => {
    const r = await gohazard(['-'], { cwd: goTree({}), input: LEAKY });
    expect(r.stdout.startsWith('<stdin>:9:11: ')).toBe(true);
  });

  it('refuses a buffer over the 32 MiB source limit as an input error', async () => {
    const r = await gohazard(['-'], { cwd: goTree({}), input: Buffer.alloc(32 * 1024 * 1024 + 1, 0x20) });
    expect(r).toEqual({ status: 2, stdout: '', stderr: '<stdin>: error: too large to parse (over the 32 MiB limit)\n' });
  });

  it('applies excludes to the stdin path', async () => {
    const dir = goTree({});
    const r = await gohazard(['--stdin-filename', 'vendor/x/leak.go', '-'], { cwd: dir, input: LEAKY });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});

describe('excludes', () => {
  const dir = goTree({
    'vendor/dep/leak.go': LEAKY,
    'testdata/leak.go': LEAKY,
    'gen/leak.go': `// Code generated by protoc-gen-go. DO NOT EDIT.\n\n${LEAKY}`,
    'skipme/leak.go': LEAKY,
    '.gohazard.json': JSON.stringify({ exclude: ['skipme/'] }),
    'svc/ok.go': CLEAN,
  });

  it('skips vendor, testdata, generated and config-excluded files in ./...', async () => {
    expect(await gohazard(['./...'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('skips them when passed explicitly too (pre-commit passes staged files)', async () => {
    const r = await gohazard(['vendor/dep/leak.go', 'testdata/leak.go', 'gen/leak.go', 'skipme/leak.go'], { cwd: dir });
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('lints generated files with --include-generated', async () => {
    const r = await gohazard(['--include-generated', 'gen/leak.go'], { cwd: dir });
    expect(r.stdout.startsWith('gen/leak.go:11:11: ')).toBe(true);
  });
});

describe('rules and docs', () => {
  const dir = goTree({});

  // From the registry: adding a rule needs no edit here.
  const metas = allRules.map((r) => r.meta).sort((a, b) => a.id.localeCompare(b.id));
  const RULES = metas.map((m) => m.id);

  it('--list-rules lists every rule, in id order, with its level and its one-line summary', async () => {
    const r = await gohazard(['--list-rules'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    // Columns: the id padded to the longest id, two blanks, the level padded to 7, two blanks.
    const width = Math.max(...RULES.map((id) => id.length));
    expect(lines.map((l) => [l.slice(0, width).trimEnd(), l.slice(width + 2, width + 9).trimEnd(), l.slice(width + 11)])).toEqual(
      metas.map((m) => [m.id, m.defaultLevel, m.summary]),
    );
  });

  it.each(RULES)('explain %s prints its doc page', async (id) => {
    const r = await gohazard(['explain', id], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(`# ${id}\n`)).toBe(true);
    for (const heading of ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Known limits']) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout.match(/```go/g)).toHaveLength(2);
  });

  it('explain of an unknown rule is a usage error', async () => {
    expect((await gohazard(['explain', 'nope'], { cwd: dir })).status).toBe(2);
  });

  it('--version and --help', async () => {
    expect((await gohazard(['--version'], { cwd: dir })).stdout).toMatch(/^gohazard \d+\.\d+\.\d+\n$/);
    expect((await gohazard(['--help'], { cwd: dir })).stdout).toContain('usage: gohazard');
  });
});
