import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Log } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { formatOutput } from '../src/format/index.js';
import { finding, input, RULES } from './helpers/format-input.js';

// ajv-formats is CommonJS whose module.exports is the plugin itself; TypeScript's NodeNext view of
// its default export disagrees with Node's, so take it the CommonJS way.
const addFormats = createRequire(import.meta.url)('ajv-formats') as typeof import('ajv-formats').default;

/**
 * Validates our SARIF two ways: (1) the SARIF 2.1.0 JSON schema with ajv (draft 2020-12),
 * as github/codeql-action does before upload; (2) Microsoft's SARIF Multitool with GitHub's ingestion
 * rules ("Sarif;Ghas"), which catch what the schema cannot (final $schema, rules[], help on rules).
 * Each validator also gets a deliberately broken log, so that neither can pass vacuously.
 */

const MULTITOOL_DIR = fileURLToPath(new URL('../node_modules/@microsoft/sarif-multitool-linux/', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gohazard-sarif-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function representativeLog(): string {
  const findings = [
    finding('lost-cancel', 'warning', 'internal/ünïcode dir/fetch.go', { line: 12, col: 9, utf16: 7 }, { line: 12, col: 50, utf16: 46 }, 'the cancel function returned by context.WithTimeout is not called on all paths', 'c129715d7a2bc9a3:1'),
    finding('goroutine-leak', 'error', 'main.go', { line: 3, col: 2 }, { line: 5, col: 3 }, 'goroutine may block forever on an unbuffered send', '54703d4cd895b18:2'),
    finding('missing-timeout', 'note', 'client.go', { line: 1, col: 1 }, { line: 1, col: 14 }, 'http.Client{} has no Timeout', 'a7f2ff13bc495cf2:1'),
    finding('syntax-error', 'error', 'broken.go', { line: 7, col: 1 }, { line: 7, col: 2 }, 'unexpected "}"', 'e9496ae3ebfced30:1'),
    finding('lost-cancel', 'warning', '../outside/x.go', { line: 2, col: 1 }, { line: 2, col: 5 }, 'outside the working directory'),
  ];
  const rules = [...RULES, ...allRules.map((r) => r.meta).filter((m) => !RULES.some((f) => f.id === m.id))];
  const errors = [{ file: 'unreadable.go', message: 'EACCES: permission denied' }];
  return formatOutput('sarif', input({ findings, errors, rules, cwd: path.join(tmp, 'repo') }));
}

function writeLog(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

function schemaErrors(file: string): string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(JSON.parse(fs.readFileSync(file, 'utf8')))) return [];
  return (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message ?? ''}`);
}

interface Diagnostic {
  ruleId: string;
  level: string;
  text: string;
}

/** The Multitool always exits 0 (microsoft/sarif-sdk#1799): read its own SARIF report instead. */
function multitoolDiagnostics(file: string): Diagnostic[] {
  const report = path.join(path.dirname(file), `${path.basename(file)}.report.sarif`);
  // The target comes first: --log takes a list and would swallow a path after it.
  const run = spawnSync(
    path.join(MULTITOOL_DIR, 'Sarif.Multitool'),
    ['validate', file, '--rule-kind', 'Sarif;Ghas', '-o', report, '--log', 'ForceOverwrite'],
    // Invariant globalization: the self-contained .NET binary otherwise needs libicu installed.
    { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } },
  );
  expect(run.error, 'the Multitool did not start').toBeUndefined();
  expect(fs.existsSync(report), `the Multitool wrote no report:\n${run.stdout}\n${run.stderr}`).toBe(true);
  const out = JSON.parse(fs.readFileSync(report, 'utf8')) as Log;
  const validation = out.runs[0]!;
  const rules = validation.tool.driver.rules ?? [];
  return (validation.results ?? []).map((r) => ({
    ruleId: r.ruleId ?? '',
    // SARIF's default level is "warning" unless the rule configures another.
    level: r.level ?? rules[r.ruleIndex ?? -1]?.defaultConfiguration?.level ?? 'warning',
    text: `${r.ruleId}: ${r.message.text ?? r.message.arguments?.join(' ') ?? ''}`,
  }));
}

describe('SARIF validation', () => {
  const text = representativeLog();
  const good = writeLog('gohazard.sarif', text);

  it('writes a representative log that exercises the tricky parts', () => {
    const log = JSON.parse(text) as Log;
    const uris = log.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
    expect(uris).toContain('internal/%C3%BCn%C3%AFcode%20dir/fetch.go');
    expect(uris).toContain(`file://${path.join(tmp, 'outside', 'x.go')}`);
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications).toHaveLength(1);
  });

  it('passes the SARIF 2.1.0 JSON schema', () => {
    expect(schemaErrors(good)).toEqual([]);
  });

  it('passes the Multitool with GitHub ingestion rules, without errors or warnings', () => {
    const diagnostics = multitoolDiagnostics(good);
    expect(diagnostics.filter((d) => d.level === 'error').map((d) => d.text)).toEqual([]);
    expect(diagnostics.filter((d) => d.level === 'warning').map((d) => d.text)).toEqual([]);
  });

  it('catches a broken log with each validator', () => {
    const log = JSON.parse(text) as Log;
    delete log.$schema;
    const noSchema = writeLog('no-schema.sarif', JSON.stringify(log, null, 2));
    expect(multitoolDiagnostics(noSchema).filter((d) => d.level === 'error').map((d) => d.ruleId)).toEqual(['GH1013']);

    log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
    const badRegion = writeLog('bad-region.sarif', JSON.stringify(log, null, 2));
    expect(schemaErrors(badRegion)).toEqual(['/runs/0/results/0/locations/0/physicalLocation/region/startLine must be >= 1']);
  });
});
