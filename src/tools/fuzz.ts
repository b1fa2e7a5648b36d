import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * `npm run fuzz -- --minutes N [--seed S]`: mutates real Go files (fixtures/ and, when installed, the Go
 * standard library under /usr/lib/go-*) and runs the built CLI on batches of them as a child process with a
 * time limit. A run passes when it exits 0 or 1, or 2/3 with every stderr line a per-file error naming a
 * file; when stdout parses as the format asked for; and when nothing prints a stack trace. Failing inputs
 * are kept under the temp directory for replay. Not part of `npm test`.
 */

const CLI = fileURLToPath(new URL('../cli/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BATCH = 16;
const RUN_TIMEOUT_MS = 120_000;
const MAX_CORPUS_BYTES = 256 * 1024;

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '1' }, seed: { type: 'string', default: String(Date.now() % 1e9) } } });
let seed = Number(values.seed) >>> 0 || 1;
/** xorshift32: a seed replays a session. */
function rand(n: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}

function goFiles(dir: string, out: string[], limit: number): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (out.length >= limit) return;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) goFiles(p, out, limit);
    else if (e.isFile() && e.name.endsWith('.go') && fs.statSync(p).size <= MAX_CORPUS_BYTES) out.push(p);
  }
}

function corpus(): string[] {
  const files: string[] = [];
  goFiles(path.join(ROOT, 'fixtures'), files, Infinity);
  for (const lib of fs.existsSync('/usr/lib') ? fs.readdirSync('/usr/lib').filter((d) => d.startsWith('go-')) : []) goFiles(path.join('/usr/lib', lib, 'src'), files, files.length + 20_000);
  return files;
}

type Mutation = (b: Buffer) => Buffer;
const at = (b: Buffer): number => rand(b.length + 1);
const insert = (b: Buffer, i: number, add: Buffer | string): Buffer => Buffer.concat([b.subarray(0, i), Buffer.from(add), b.subarray(i)]);
const MUTATIONS: Record<string, Mutation> = {
  flip: (b) => {
    const c = Buffer.from(b);
    for (let k = 1 + rand(8); k > 0 && c.length > 0; k--) {
      const i = rand(c.length);
      c[i] = c[i]! ^ (1 << rand(8));
    }
    return c;
  },
  truncate: (b) => b.subarray(0, at(b)),
  nestBraces: (b) => insert(b, at(b), '{'.repeat(1 + rand(20_000))),
  nestParens: (b) => insert(b, at(b), `${'('.repeat(1 + rand(5_000))}x${')'.repeat(rand(5_000))}`),
  nestFuncs: (b) => insert(b, at(b), `func() { go func() { select { case <-c: ${'for { select { default: '.repeat(rand(2_000))}`),
  longLine: (b) => insert(b, at(b), 'x'.repeat(1 + rand(2_000_000))),
  longSum: (b) => insert(b, at(b), `${'1+'.repeat(rand(500_000))}1`),
  badUtf8: (b) => insert(b, at(b), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82])),
  nul: (b) => insert(b, at(b), Buffer.alloc(1 + rand(4))),
  crlf: (b) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
  loneCr: (b) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r'), 'latin1'),
  bom: (b) => insert(b, 0, '\uFEFF'),
  controls: (b) => insert(b, at(b), `/*\n::error file=x.go::forged \u001b[31m*/`),
  duplicate: (b) => Buffer.concat([b, b.subarray(rand(b.length + 1))]),
};
const NAMES = Object.keys(MUTATIONS);
const FORMATS = ['json', 'sarif', 'text', 'github'] as const;

interface Stats {
  runs: number;
  files: number;
  mutations: Record<string, number>;
  exits: Record<string, number>;
  failures: string[];
}

function check(format: string, status: number | null, stdout: string, stderr: string): string | undefined {
  if (status === null) return 'killed at the time limit (hang)';
  if (/\n\s+at /.test(stderr)) return 'stack trace on stderr';
  const lines = stderr.split('\n').filter((l) => l !== '');
  if (status === 2 || status === 3) {
    if (lines.length === 0) return `exit ${status} without a per-file error`;
    const bad = lines.find((l) => !/^(\S[^:]*|"(?:[^"\\]|\\.)*"): (error|internal error): /.test(l));
    if (bad) return `stderr line that names no file: ${bad.slice(0, 200)}`;
    if (status === 3 && lines.some((l) => / internal error: /.test(l))) return `internal error: ${lines.find((l) => / internal error: /.test(l))!.slice(0, 300)}`;
  } else if (status !== 0 && status !== 1) return `exit ${status}`;
  else if (lines.length > 0) return `stderr on exit ${status}: ${lines[0]!.slice(0, 200)}`;
  if (format === 'json' || format === 'sarif') {
    try {
      JSON.parse(stdout);
    } catch {
      return `${format} output does not parse`;
    }
  }
  return undefined;
}

function main(): void {
  const files = corpus();
  if (files.length === 0) throw new Error('no Go files found under fixtures/');
  const deadline = Date.now() + Number(values.minutes) * 60_000;
  const stats: Stats = { runs: 0, files: 0, mutations: {}, exits: {}, failures: [] };
  const keep = fs.mkdtempSync(path.join(os.tmpdir(), 'gohazard-fuzz-failures-'));
  console.log(`fuzz: ${files.length} corpus files, seed ${values.seed}, ${values.minutes} min`);
  while (Date.now() < deadline) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gohazard-fuzz-'));
    for (let i = 0; i < BATCH; i++) {
      const name = NAMES[rand(NAMES.length)]!;
      const source = fs.readFileSync(files[rand(files.length)]!);
      fs.mkdirSync(path.join(dir, `d${i}`));
      fs.writeFileSync(path.join(dir, `d${i}`, `f${i}.go`), MUTATIONS[name]!(source));
      stats.mutations[name] = (stats.mutations[name] ?? 0) + 1;
    }
    const format = FORMATS[rand(FORMATS.length)]!;
    const res = spawnSync(process.execPath, [CLI, '-f', format, '-j', String(1 + rand(2)), './...'], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024 });
    stats.runs++;
    stats.files += BATCH;
    stats.exits[String(res.status)] = (stats.exits[String(res.status)] ?? 0) + 1;
    const failure = check(format, res.status, res.stdout ?? '', res.stderr ?? '');
    if (failure) {
      const saved = path.join(keep, `run${stats.runs}`);
      fs.cpSync(dir, saved, { recursive: true });
      stats.failures.push(`${saved} (-f ${format}): ${failure}`);
      console.log(`FAIL ${saved}: ${failure}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ runs: stats.runs, files: stats.files, exits: stats.exits, mutations: stats.mutations, failures: stats.failures.length }, null, 1));
  for (const f of stats.failures) console.log(`failure: ${f}`);
  process.exitCode = stats.failures.length > 0 ? 1 : 0;
}

main();
