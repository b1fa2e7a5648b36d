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

describe('suppressions and config levels', () => {
  const body = (directive: string) => LEAKY.replace('\tctx, _ = context', `${directive}\tctx, _ = context`);

  it.each([
    ['same-line //nolint:lost-cancel', LEAKY.replace('time.Second)\n', 'time.Second) //nolint:lost-cancel // owner cancels\n')],
    ['bare //nolint on the line', LEAKY.replace('time.Second)\n', 'time.Second) //nolint\n')],
    ['//gohazard:ignore on the line above', body('\t//gohazard:ignore lost-cancel the caller owns the deadline\n')],
    ['//nolint above the function', LEAKY.replace('func withDeadline', '//nolint:lost-cancel // legacy\nfunc withDeadline')],
    ['//gohazard:file-ignore', LEAKY.replace('package svc', '//gohazard:file-ignore lost-cancel fixture\npackage svc')],
  ])('%s suppresses the finding', async (_name, text) => {
    const dir = goTree({ 'a.go': text });
    expect(await gohazard(['.'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('does not suppress for another rule name', async () => {
    const dir = goTree({ 'a.go': LEAKY.replace('time.Second)\n', 'time.Second) //nolint:errcheck\n') });
    expect((await gohazard(['.'], { cwd: dir })).status).toBe(1);
  });

  it('honours "off" and levels from .gohazard.json, and --enable/--disable over it', async () => {
    const off = goTree({ '.gohazard.json': '{"rules":{"lost-cancel":"off"}}', 'a.go': LEAKY });
    expect((await gohazard([], { cwd: off })).status).toBe(0);
    expect((await gohazard(['--enable', 'lost-cancel'], { cwd: off })).status).toBe(1);
    const err = goTree({ '.gohazard.json': '{"rules":{"lost-cancel":"error"}}', 'a.go': LEAKY });
    expect(JSON.parse((await gohazard(['-f', 'json'], { cwd: err })).stdout).findings[0].level).toBe('error');
    expect((await gohazard(['--disable', 'lost-cancel'], { cwd: err })).status).toBe(0);
  });

  it('passes rule options from .gohazard.json: http-client-no-timeout checks _test.go files only when asked', async () => {
    const probe = 'package svc\n\nimport (\n\t"net/http"\n\t"testing"\n)\n\nfunc TestPeer(t *testing.T) {\n\tresp, err := http.Get("http://peer.invalid/status")\n\tif err == nil {\n\t\tresp.Body.Close()\n\t}\n}\n';
    const quiet = goTree({ 'peer_test.go': probe });
    expect(await gohazard([], { cwd: quiet })).toEqual({ status: 0, stdout: '', stderr: '' });
    const asked = goTree({ '.gohazard.json': '{"rules":{"http-client-no-timeout":{"level":"error","tests":true}}}', 'peer_test.go': probe });
    const r = await gohazard(['-f', 'json'], { cwd: asked });
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; level: string; file: string; start: { line: number; column: number } }>;
    expect(findings.map((f) => [f.ruleId, f.level, f.file, f.start.line, f.start.column])).toEqual([
      ['http-client-no-timeout', 'error', 'peer_test.go', 9, 15],
    ]);
  });

  it('finds the config by walking up from the file, and --config overrides it', async () => {
    const dir = goTree({ '.gohazard.json': '{"rules":{"lost-cancel":"off"}}', 'deep/er/a.go': LEAKY, 'on.json': '{}' });
    expect((await gohazard(['deep/...'], { cwd: dir })).status).toBe(0);
    expect((await gohazard(['--config', 'on.json', 'deep/...'], { cwd: dir })).status).toBe(1);
  });
});

describe('config and usage errors exit 2 naming the problem', () => {
  it.each([
    ['unknown key', '{"rulez":{}}', 'unknown key "rulez"'],
    ['unknown rule', '{"rules":{"lost-cancell":"off"}}', 'unknown rule "lost-cancell"'],
    ['bad level', '{"rules":{"lost-cancel":"loud"}}', 'rules."lost-cancel"'],
    ['not JSON', 'rules: {}', 'cannot read config'],
  ])('%s', async (_name, config, message) => {
    const dir = goTree({ '.gohazard.json': config, 'a.go': CLEAN });
    const r = await gohazard([], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('.gohazard.json');
    expect(r.stderr).toContain(message);
  });

  it('rejects unknown flags, formats and rule ids', async () => {
    const dir = goTree({ 'a.go': CLEAN });
    expect((await gohazard(['--bogus'], { cwd: dir })).status).toBe(2);
    expect((await gohazard(['-f', 'xml'], { cwd: dir })).stderr).toContain('unknown format "xml"');
    expect((await gohazard(['--disable', 'nope'], { cwd: dir })).stderr).toContain('unknown rule "nope"');
  });
});

describe('bad input never stops the run', () => {
  it('reports a syntax error as a finding and still lints the other files', async () => {
    const dir = goTree({ 'a/broken.go': 'package a\n\nfunc f( {\n', 'b/leak.go': LEAKY });
    const r = await gohazard(['./...'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^a\/broken\.go:3:\d+: syntax error.* \(syntax-error\)$/);
    expect(lines[1]!.startsWith('b/leak.go:9:11: ')).toBe(true);
  });

  it('a syntax error alone is a note: shown, exit 0, unless the config makes it an error', async () => {
    const files = { 'a/broken.go': 'package a\n\nfunc f() {\n\tx := g(1,\n}\n' };
    const r = await gohazard(['./...'], { cwd: goTree(files) });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('a/broken.go:4:11: syntax error: missing ")"; the rules did not check line 4 in func f; fix the syntax, or if go build accepts this file, report it as a gohazard parser gap (syntax-error)\n');
    const strict = await gohazard(['./...'], { cwd: goTree({ ...files, '.gohazard.json': '{"rules": {"syntax-error": "error"}}' }) });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toBe(r.stdout);
  });

  it('Go 1.26 new(expr) is no syntax error, and a hazard beside it is still found', async () => {
    const src = 'package a\n\nimport "context"\n\nfunc f(ctx context.Context) *int {\n\tn := new(int64(3))\n\tctx, _ = context.WithCancel(ctx)\n\treturn new(int(*n))\n}\n';
    const r = await gohazard(['./...'], { cwd: goTree({ 'a/a.go': src }) });
    expect(r.stdout).toMatch(/^a\/a\.go:7:11: the cancel function returned by context\.WithCancel is discarded.* \(lost-cancel\)\n$/);
    expect(r.status).toBe(1);
  });

  it('names a binary file on stderr, exits 2, and lints the rest', async () => {
    const dir = goTree({ 'bin.go': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 0xff]), 'leak.go': LEAKY });
    const r = await gohazard(['.'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bin\.go: error: .*binary/m);
    expect(r.stdout.startsWith('leak.go:9:11: ')).toBe(true);
  });

  it('names an unreadable file (a symlink loop) and lints the rest', async () => {
    const dir = goTree({ 'leak.go': LEAKY });
    fs.symlinkSync('loop2.go', path.join(dir, 'loop1.go'));
    fs.symlinkSync('loop1.go', path.join(dir, 'loop2.go'));
    const r = await gohazard(['.'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^loop1\.go: error: /m);
    expect(r.stdout.startsWith('leak.go:9:11: ')).toBe(true);
  });

  it('survives invalid UTF-8, CRLF and a BOM', async () => {
    const crlf = `\uFEFF${LEAKY.replace(/\n/g, '\r\n')}`;
    const bad = Buffer.concat([Buffer.from('package svc\n// caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n'), Buffer.from(LEAKY.slice(12))]);
    const dir = goTree({ 'crlf.go': crlf, 'latin1.go': bad });
    const r = await gohazard(['.'], { cwd: dir });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]!.startsWith('crlf.go:9:11: ')).toBe(true);
    expect(lines[1]!.startsWith('latin1.go:10:11: ')).toBe(true);
  });

  it('reports a path that does not exist and exits 2', async () => {
    const r = await gohazard(['nope/...'], { cwd: goTree({ 'a.go': CLEAN }) });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nope');
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
