import { pathToFileURL } from 'node:url';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { formatOutput, SARIF_MAX_RESULTS } from '../src/format/index.js';
import type { Finding } from '../src/types.js';
import { finding, input, RULES } from './helpers/format-input.js';

function sarif(overrides: Parameters<typeof input>[0] = {}): Log {
  return JSON.parse(formatOutput('sarif', input(overrides))) as Log;
}

function firstLocation(r: Result) {
  return r.locations?.[0]?.physicalLocation;
}

const findings: Finding[] = [
  finding('lost-cancel', 'warning', 'pkg/b.go', { line: 3, col: 2 }, { line: 3, col: 40 }, 'cancel is dropped', 'aa:1'),
  finding('goroutine-leak', 'error', 'a.go', { line: 10, col: 7, utf16: 5 }, { line: 12, col: 3, utf16: 2 }, 'leak', 'bb:1'),
  finding('missing-timeout', 'note', 'a.go', { line: 2, col: 1 }, { line: 2, col: 9 }, 'no timeout', 'cc:2'),
];

describe('sarif format', () => {
  it('writes one 2.1.0 run with the schema GitHub accepts', () => {
    const log = sarif();
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/proj/' } });
    expect(run.tool.driver).toMatchObject({ name: 'gohazard', semanticVersion: '0.1.0', informationUri: 'https://github.com/gohazard/gohazard' });
    expect(run.results).toEqual([]);
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('lists exactly the rules that ran, in id order, with descriptions, help and GitHub properties', () => {
    const rules = sarif().runs[0]!.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(['goroutine-leak', 'lost-cancel', 'missing-timeout']);
    expect(rules[2]).toEqual({
      id: 'missing-timeout',
      name: 'MissingTimeout',
      shortDescription: { text: 'Summary of missing-timeout' },
      fullDescription: { text: 'Flags `missing-timeout` things. This line was soft-wrapped.' },
      help: {
        text: expect.stringMatching(/^missing-timeout: Summary of missing-timeout\n\nWhat it does:\n/),
        markdown: expect.stringMatching(/^# missing-timeout\n\nSummary of missing-timeout\n\n## What it does\n/),
      },
      helpUri: 'https://github.com/gohazard/gohazard/blob/main/docs/rules/missing-timeout.md',
      defaultConfiguration: { level: 'note' },
      properties: { tags: ['reliability', 'concurrency', 'go'], precision: 'high', 'problem.severity': 'recommendation' },
    });
    expect(rules.map((r) => r.properties?.['problem.severity'])).toEqual(['error', 'warning', 'recommendation']);
  });

  it('gives every result a ruleIndex that agrees with rules[]', () => {
    const run = sarif({ findings }).runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(run.results!.map((r) => r.ruleId)).toEqual(['missing-timeout', 'goroutine-leak', 'lost-cancel']);
    for (const r of run.results!) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
  });

  it('writes level, message, a relative location with a UTF-16 region, and the fingerprint', () => {
    const result = sarif({ findings }).runs[0]!.results![1]!;
    expect(result).toEqual({
      ruleId: 'goroutine-leak',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'leak' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'a.go', uriBaseId: '%SRCROOT%' },
            region: { startLine: 10, startColumn: 5, endLine: 12, endColumn: 2 },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: 'bb:1' },
    });
  });

  it('gives the related places of a finding as relatedLocations, numbered, with one-line messages', () => {
    const related = [
      { file: 'pkg/b.go', start: { line: 7, column: 3, utf16Column: 3 }, end: { line: 7, column: 12, utf16Column: 12 }, message: 'this return\nskips cancel()' },
      { file: 'pkg/c.go', start: { line: 2, column: 1, utf16Column: 1 }, end: { line: 2, column: 5, utf16Column: 5 }, message: 'written here' },
    ];
    const results = sarif({ findings: [{ ...findings[0]!, related }, findings[1]!] }).runs[0]!.results!;
    const withRelated = results.find((r) => r.ruleId === 'lost-cancel');
    const plain = results.find((r) => r.ruleId === 'goroutine-leak');
    expect(withRelated!.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: 'pkg/b.go', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 3, endLine: 7, endColumn: 12 } },
        message: { text: 'this return skips cancel()' },
      },
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'pkg/c.go', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 } },
        message: { text: 'written here' },
      },
    ]);
    expect(plain).not.toHaveProperty('relatedLocations');
  });

  it('carries the place of a command or test-support finding in properties, and none for service code', () => {
    const results = sarif({ findings: [{ ...findings[0]!, place: 'command' }, findings[1]!] }).runs[0]!.results!;
    expect(results.find((r) => r.ruleId === 'lost-cancel')!.properties).toEqual({ place: 'command' });
    expect(results.find((r) => r.ruleId === 'goroutine-leak')).not.toHaveProperty('properties');
  });

  it('leaves out an empty fingerprint and the ruleIndex of a rule missing from rules[]', () => {
    const f = finding('unknown-rule', 'warning', 'a.go', { line: 1, col: 1 }, { line: 1, col: 2 }, 'm', '');
    const result = sarif({ findings: [f] }).runs[0]!.results![0]!;
    expect(result).not.toHaveProperty('ruleIndex');
    expect(result).not.toHaveProperty('partialFingerprints');
  });

  it('percent-encodes relative URIs (space, non-ASCII, #, %, colon) and keeps them under %SRCROOT%', () => {
    const paths = ['my dir/ünï.go', 'a#b%c.go', 'c:d.go', './x/../y.go', '/work/proj/abs.go'];
    const located = sarif({ findings: paths.map((p) => finding('lost-cancel', 'warning', p, { line: 1, col: 1 }, { line: 1, col: 2 })) })
      .runs[0]!.results!.map((r) => firstLocation(r)!.artifactLocation);
    // In the order of the paths as given: './x/../y.go' sorts first.
    expect(located).toEqual([
      { uri: 'y.go', uriBaseId: '%SRCROOT%' },
      { uri: 'abs.go', uriBaseId: '%SRCROOT%' },
      { uri: 'a%23b%25c.go', uriBaseId: '%SRCROOT%' },
      { uri: 'c%3Ad.go', uriBaseId: '%SRCROOT%' },
      { uri: 'my%20dir/%C3%BCn%C3%AF.go', uriBaseId: '%SRCROOT%' },
    ]);
  });

  it('uses an absolute file:// URI for a file outside cwd', () => {
    const outside = ['../other/x.go', '/elsewhere/y z.go', '/work/project2/w.go'];
    const located = sarif({ findings: outside.map((p) => finding('lost-cancel', 'warning', p, { line: 1, col: 1 }, { line: 1, col: 2 })) })
      .runs[0]!.results!.map((r) => firstLocation(r)!.artifactLocation);
    expect(located).toEqual([{ uri: 'file:///work/other/x.go' }, { uri: 'file:///elsewhere/y%20z.go' }, { uri: 'file:///work/project2/w.go' }]);
  });

  it('percent-encodes the %SRCROOT% base', () => {
    expect(sarif({ cwd: '/home/ä b' }).runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/%C3%A4%20b/' } });
  });

  it('relies on Node encoding every character RFC 3986 forbids in a path (checked for Node 20)', () => {
    let raw = '';
    for (let code = 0x20; code < 0x7f; code++) {
      const ch = String.fromCharCode(code);
      if (ch !== '/' && pathToFileURL(`/x${ch}`).href === `file:///x${ch}`) raw += ch;
    }
    expect(raw).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@]*$/);
  });

  it('reports file errors as error notifications and marks the run unsuccessful', () => {
    const errors = [{ file: 'z z.go', message: 'permission denied' }, { file: 'a.go', message: 'not UTF-8' }];
    expect(sarif({ errors }).runs[0]!.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'not UTF-8' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.go', uriBaseId: '%SRCROOT%' } } }] },
          { level: 'error', message: { text: 'permission denied' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'z%20z.go', uriBaseId: '%SRCROOT%' } } }] },
        ],
      },
    ]);
  });

  it('is byte-identical for the same findings, errors and rules in any order', () => {
    const errors = [{ file: 'b.go', message: 'x' }, { file: 'a.go', message: 'y' }];
    const one = formatOutput('sarif', input({ findings, errors, rules: RULES }));
    const two = formatOutput('sarif', input({ findings: [findings[2]!, findings[0]!, findings[1]!], errors: [...errors].reverse(), rules: [...RULES].reverse() }));
    expect(two).toBe(one);
    expect(one.endsWith('}\n')).toBe(true);
    expect(one).toContain('\n  "version": "2.1.0",\n');
  });

  it(`keeps at most ${SARIF_MAX_RESULTS} results, dropping the least severe, in file order`, () => {
    const many: Finding[] = [];
    for (let i = 1; i <= SARIF_MAX_RESULTS; i++) many.push(finding('missing-timeout', 'note', 'n.go', { line: i, col: 1 }, { line: i, col: 2 }));
    many.push(finding('goroutine-leak', 'error', 'z.go', { line: 1, col: 1 }, { line: 1, col: 2 }));
    many.push(finding('lost-cancel', 'warning', 'a.go', { line: 1, col: 1 }, { line: 1, col: 2 }));
    const results = sarif({ findings: many }).runs[0]!.results!;
    expect(results).toHaveLength(SARIF_MAX_RESULTS);
    expect(results[0]!.ruleId).toBe('lost-cancel');
    expect(results.at(-1)!.ruleId).toBe('goroutine-leak');
    expect(results.at(-2)!.locations![0]!.physicalLocation!.region!.startLine).toBe(SARIF_MAX_RESULTS - 2);
  });
});
