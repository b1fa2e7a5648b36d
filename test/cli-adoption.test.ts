import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN, gohazard, goTree, LEAKY } from './helpers/cli.js';

/** Adopting gohazard on an existing codebase: levels that fail, baselines, and only what changed. */

const GO_MOD = 'module example.com/svc\n\ngo 1.22\n';

/** The rule ids of the report, one per line, with their line numbers. */
function found(stdout: string): string[] {
  return stdout.split('\n').filter(Boolean).map((l) => `${l.split(': ')[0]} ${/\(([a-z-]+)\)$/.exec(l)?.[1] ?? ''}`);
}

/** A note: the line does not parse. */
const BROKEN = 'package svc\n\nfunc f() {\n\tx := [\n}\n';

describe('--fail-level and --exit-zero', () => {
  it('decide which findings fail the run', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': BROKEN });
    expect((await gohazard(['./...'], { cwd: dir })).status).toBe(0);
    expect((await gohazard(['--fail-level', 'note', './...'], { cwd: dir })).status).toBe(1);
    const leak = goTree({ 'go.mod': GO_MOD, 'svc/a.go': LEAKY });
    expect((await gohazard(['--fail-level', 'error', './...'], { cwd: leak })).status).toBe(0);
    expect((await gohazard(['--fail-level', 'warning', './...'], { cwd: leak })).status).toBe(1);
    const zero = await gohazard(['--exit-zero', './...'], { cwd: leak });
    expect(zero.status).toBe(0);
    expect(found(zero.stdout)).toEqual(['svc/a.go:9:11 lost-cancel']);
    const bad = await gohazard(['--fail-level', 'info'], { cwd: leak });
    expect(bad).toMatchObject({ status: 2, stderr: 'gohazard: --fail-level takes error, warning or note, not "info"\nrun gohazard --help for the flags\n' });
  });

  it('--disable all turns every rule off, and --enable brings some back', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': LEAKY, 'svc/b.go': BROKEN.replace('func f', 'func g') });
    expect(await gohazard(['--disable', 'all', './...'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(found((await gohazard(['--disable', 'all', '--enable', 'syntax-error', './...'], { cwd: dir })).stdout)).toEqual(['svc/b.go:4:2 syntax-error']);
  });
});

describe('directives', () => {
  it('//nolint:gohazard suppresses every rule of ours', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': LEAKY.replace('time.Second)\n', 'time.Second) //nolint:gohazard // reviewed\n') });
    expect(await gohazard(['./...'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('a mistyped or unused directive is a note of the directive rule, which never fails the run', async () => {
    const typo = LEAKY.replace('time.Second)\n', 'time.Second) //gohazard:ignore lost-cancle reviewed\n');
    const unused = CLEAN.replace('defer cancel()\n', 'defer cancel() //nolint:lost-cancel // was a leak once\n').replace('func ping', 'func pong');
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': typo, 'svc/b.go': unused });
    const r = await gohazard(['./...'], { cwd: dir });
    expect(r.stdout).toBe(
      'svc/a.go:9:11: the cancel function returned by context.WithTimeout is discarded with _, so its timer and child context live until the deadline; assign it and defer cancel() right after the call (lost-cancel)\n' +
        'svc/a.go:9:49: unknown rule "lost-cancle" in this directive (did you mean "lost-cancel"?), so it suppresses nothing; fix the name (see gohazard --list-rules) (directive)\n' +
        'svc/b.go:10:17: this directive suppresses nothing: no finding of lost-cancel is on the lines it covers; remove it (directive)\n',
    );
  });
});

describe('--write-baseline and --baseline', () => {
  it('a baseline hides the findings it lists, also after the code moved, and not a new copy', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': LEAKY });
    const w = await gohazard(['--write-baseline', 'gohazard-baseline.json', './...'], { cwd: dir });
    expect(w.status).toBe(0);
    expect(found(w.stdout)).toEqual(['svc/a.go:9:11 lost-cancel']);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'gohazard-baseline.json'), 'utf8'));
    expect(saved).toMatchObject({ tool: 'gohazard', version: 1, findings: [{ rule: 'lost-cancel', file: 'svc/a.go' }] });
    expect(saved.findings[0].fingerprint).toMatch(/^[0-9a-f]{16}:1$/);
    expect(await gohazard(['--baseline', 'gohazard-baseline.json', './...'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
    // Lines added above the finding: its line number changes, its code does not.
    const moved = LEAKY.replace('func withDeadline', '// withDeadline gives ctx a deadline.\n//\n// It is old.\nfunc withDeadline');
    fs.writeFileSync(path.join(dir, 'svc/a.go'), moved);
    expect(await gohazard(['--baseline', 'gohazard-baseline.json', './...'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
    // From a subdirectory the baseline's paths still resolve.
    expect((await gohazard(['--baseline', '../gohazard-baseline.json', '.'], { cwd: path.join(dir, 'svc') })).stdout).toBe('');
    // A second copy of the same hazard is new: one entry matches one finding (which of two identical
    // copies is the old one, the fingerprint cannot tell).
    fs.writeFileSync(path.join(dir, 'svc/a.go'), `${moved}\nfunc again(ctx context.Context) context.Context {\n\tctx, _ = context.WithTimeout(ctx, time.Second)\n\treturn ctx\n}\n`);
    const r = await gohazard(['--baseline', 'gohazard-baseline.json', './...'], { cwd: dir });
    expect(found(r.stdout)).toHaveLength(1);
    expect(found((await gohazard(['./...'], { cwd: dir })).stdout)).toEqual(['svc/a.go:12:11 lost-cancel', 'svc/a.go:17:11 lost-cancel']);
    expect(r.status).toBe(1);
  });

  it('a missing or broken baseline is an error naming it', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': LEAKY, 'bad.json': '{"findings": [' });
    const missing = await gohazard(['--baseline', 'nope.json'], { cwd: dir });
    expect(missing).toEqual({ status: 2, stdout: '', stderr: 'gohazard: cannot read the baseline nope.json: no such file or directory\n' });
    const broken = await gohazard(['--baseline', 'bad.json'], { cwd: dir });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^gohazard: baseline bad\.json: not JSON: /);
  });
});

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

describe('--new-from-rev', () => {
  it('reports only findings on lines changed since the revision, and untracked files whole', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': LEAKY });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'old leak');
    const added = `${LEAKY}\nfunc again(ctx context.Context) context.Context {\n\tctx, _ = context.WithTimeout(ctx, time.Second)\n\treturn ctx\n}\n`;
    fs.writeFileSync(path.join(dir, 'svc/a.go'), added);
    fs.writeFileSync(path.join(dir, 'svc/b.go'), LEAKY.replace('withDeadline', 'other'));
    const r = await gohazard(['--new-from-rev', 'HEAD', './...'], { cwd: dir });
    expect(found(r.stdout)).toEqual(['svc/a.go:14:11 lost-cancel', 'svc/b.go:9:11 lost-cancel']);
    expect(found((await gohazard(['./...'], { cwd: dir })).stdout)).toHaveLength(3);
    // From a subdirectory, and once committed, nothing is new.
    expect(found((await gohazard(['--new-from-rev', 'HEAD', '.'], { cwd: path.join(dir, 'svc') })).stdout)).toEqual(['a.go:14:11 lost-cancel', 'b.go:9:11 lost-cancel']);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'new leaks');
    expect(await gohazard(['--new-from-rev', 'HEAD', './...'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('says so outside a git repository and for an unknown revision', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': LEAKY });
    const outside = await gohazard(['--new-from-rev', 'HEAD'], { cwd: dir });
    expect(outside).toEqual({ status: 2, stdout: '', stderr: `gohazard: --new-from-rev needs a git repository, and ${dir} is not in one\n` });
    git(dir, 'init', '-q');
    const unknown = await gohazard(['--new-from-rev', 'v9.9.9'], { cwd: dir });
    expect(unknown).toEqual({ status: 2, stdout: '', stderr: 'gohazard: --new-from-rev: unknown revision "v9.9.9"\n' });
    // Never handed to git as an option (git diff --output=FILE would write a file).
    const option = await gohazard(['--new-from-rev=--output=x'], { cwd: dir });
    expect(option).toEqual({ status: 2, stdout: '', stderr: 'gohazard: --new-from-rev: unknown revision "--output=x"\n' });
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });
});

describe('mistakes are said, not silent', () => {
  it('a path with no Go files is exit 2 with a message', async () => {
    const dir = goTree({ 'docs/README.md': '# docs\n' });
    expect(await gohazard(['./...'], { cwd: dir })).toEqual({ status: 2, stdout: '', stderr: 'gohazard: no Go files to lint in ./...\n' });
    expect((await gohazard(['docs'], { cwd: dir })).status).toBe(2);
  });

  it('a named file an exclude skips is said once with --verbose, and the run passes (pre-commit passes vendor/)', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'vendor/x/x.go': LEAKY, 'svc/a.go': CLEAN });
    expect(await gohazard(['vendor/x/x.go', 'vendor/x/x.go'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
    const v = await gohazard(['-v', 'vendor/x/x.go', 'vendor/x/x.go', 'svc/a.go'], { cwd: dir });
    expect(v).toEqual({ status: 0, stdout: '', stderr: 'gohazard: vendor/x/x.go: excluded (default excludes, .gitignore or the config\'s exclude), not linted\n' });
  });

  it('a mistyped flag or rule id says what was meant, in one line', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': CLEAN });
    expect(await gohazard(['--fail-levl', 'note'], { cwd: dir })).toEqual({ status: 2, stdout: '', stderr: 'gohazard: unknown flag --fail-levl (did you mean --fail-level?)\nrun gohazard --help for the flags\n' });
    expect((await gohazard(['--enable', 'unbounded-cach'], { cwd: dir })).stderr).toBe('gohazard: --enable: unknown rule "unbounded-cach" (did you mean "unbounded-cache"?) (see gohazard --list-rules)\nrun gohazard --help for the flags\n');
    expect((await gohazard(['explain', 'lost-cancl'], { cwd: dir })).stderr).toContain('unknown rule "lost-cancl" (did you mean "lost-cancel"?)');
  });

  it('--list-rules --format json lists the rules as data', async () => {
    const dir = goTree({ 'go.mod': GO_MOD });
    const r = await gohazard(['--list-rules', '--format', 'json'], { cwd: dir });
    const rules = JSON.parse(r.stdout) as Array<{ id: string; level: string; helpUri: string }>;
    expect(rules.find((x) => x.id === 'directive')).toMatchObject({ level: 'note', helpUri: 'https://github.com/gohazard/gohazard/blob/main/docs/rules/directive.md' });
    expect(rules.map((x) => x.id)).toContain('lost-cancel');
  });

  it('a config that is not JSON is reported at line:column', async () => {
    const dir = goTree({ 'go.mod': GO_MOD, 'svc/a.go': CLEAN, '.gohazard.json': '{\n  "rules": {\n    "lost-cancel": "off",\n  }\n}\n' });
    const r = await gohazard(['./...'], { cwd: dir });
    expect(r).toEqual({ status: 2, stdout: '', stderr: `gohazard: ${path.join(dir, '.gohazard.json')}:4:3: not valid JSON: expected another property after the comma (JSON has no trailing commas)\n` });
    fs.writeFileSync(path.join(dir, '.gohazard.json'), '{"rules": {"lost-cancell": "off"}}');
    expect((await gohazard(['./...'], { cwd: dir })).stderr).toContain('unknown rule "lost-cancell" in "rules" (did you mean "lost-cancel"?)');
  });
});
