import fs from 'node:fs';
import path from 'node:path';
import { knownRuleIds } from '../engine/active-rules.js';
import { capJobs } from '../walk/resource-policy.js';
import { run, type RunOptions } from '../engine/run.js';

/**
 * `npm run bench [DIR]`: lints a tree and, in the same process and with the same threads, only
 * parses the same files, so the cost of the rules shows as a ratio that does not depend on the
 * machine. A measurement, not a test: nothing here fails on a number.
 *
 * `npm run bench -- [DIR] --without RULE,...` also lints with those rules off, twice each and
 * alternating with the full lint (the best of two of each is kept, so a burst of load on a shared
 * machine hits both sides), and prints what the rules add in CPU time, which load from other
 * processes stretches less than the wall time: the cost of a family of rules.
 */

function defaultTree(): string | undefined {
  for (const base of ['/usr/lib', '/usr/share']) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(base).filter((n) => /^go-\d+\.\d+$/.test(n));
    } catch {
      continue;
    }
    const newest = names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
    if (newest && fs.existsSync(path.join(base, newest, 'src'))) return fs.realpathSync(path.join(base, newest, 'src'));
  }
  return undefined;
}

/** Wall time, and the CPU time of the whole process (the worker threads are in it) over the run. */
type Timed = { ms: number; cpuMs: number; result: Awaited<ReturnType<typeof run>> };

async function timed(opts: RunOptions): Promise<Timed> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = await run(opts);
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, result };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--without');
  const without = at >= 0 ? new Set((args.splice(at, 2)[1] ?? '').split(',').filter(Boolean)) : undefined;
  const unknown = [...(without ?? [])].filter((id) => !knownRuleIds.has(id));
  if (without?.size === 0 || unknown.length > 0) {
    process.stderr.write(`bench: --without needs known rule ids${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}\n`);
    process.exitCode = 2;
    return;
  }
  const dir = args[0] ? path.resolve(args[0]) : defaultTree();
  if (!dir) {
    process.stderr.write('bench: no tree given and no Go standard library found (apt-get install golang-go)\n');
    process.exitCode = 2;
    return;
  }
  const jobs = capJobs(undefined);
  const base = { cwd: dir, patterns: ['./...'], includeGenerated: false, jobs };
  const parseOnly = await timed({ ...base, flags: { enable: new Set(), disable: knownRuleIds } });
  const full = () => timed({ ...base, flags: { enable: new Set(), disable: new Set() } });
  const partial = without ? () => timed({ ...base, flags: { enable: new Set(), disable: without } }) : undefined;
  const runs: { lint: Timed[]; without: Timed[] } = { lint: [], without: [] };
  for (let i = 0; i < (partial ? 2 : 1); i++) {
    if (partial) runs.without.push(await partial());
    runs.lint.push(await full());
  }
  // CPU time: on a shared machine, load from others stretches the wall time but not the work done.
  const best = (xs: Timed[]): Timed => xs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
  const lint = best(runs.lint);
  const r = lint.result;
  const internal = r.errors.filter((e) => e.internal).length;
  const lines = [
    `tree:        ${dir}`,
    `files:       ${r.files}`,
    `lines:       ${r.lines}`,
    `MB:          ${(r.bytes / 1e6).toFixed(1)}`,
    `threads:     ${jobs}`,
    `lint wall:   ${(lint.ms / 1000).toFixed(2)} s (${(r.bytes / 1e6 / (lint.ms / 1000)).toFixed(1)} MB/s)`,
    `parse only:  ${(parseOnly.ms / 1000).toFixed(2)} s (same files, same threads, no rules)`,
    `lint/parse:  ${(lint.ms / parseOnly.ms).toFixed(2)}`,
    `peak RSS:    ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    `findings:    ${r.findings.length} (${summarize(r.findings.map((f) => f.ruleId))})`,
    `file errors: ${r.errors.length - internal}, internal errors: ${internal}`,
  ];
  if (without) {
    const rest = best(runs.without);
    lines.push(
      `lint CPU:    ${(lint.cpuMs / 1000).toFixed(2)} s (best of 2); parse only ${(parseOnly.cpuMs / 1000).toFixed(2)} s`,
      `without:     ${(rest.cpuMs / 1000).toFixed(2)} s CPU with ${[...without].join(', ')} off (best of 2, alternating with the lint)`,
      `their cost:  ${(((lint.cpuMs - rest.cpuMs) / rest.cpuMs) * 100).toFixed(1)}% of the lint's CPU without them (${(((lint.cpuMs - rest.cpuMs) / parseOnly.cpuMs) * 100).toFixed(1)}% of the parse's)`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function summarize(ids: string[]): string {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort().map(([id, n]) => `${id} ${n}`).join(', ') || 'none';
}

await main();
