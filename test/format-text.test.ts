import { describe, expect, it } from 'vitest';
import { formatOutput } from '../src/format/index.js';
import { finding, input } from './helpers/format-input.js';

const findings = [
  finding('lost-cancel', 'warning', 'pkg/b.go', { line: 3, col: 2 }, { line: 3, col: 40 }, 'the cancel function is not used on all paths'),
  finding('goroutine-leak', 'error', 'a.go', { line: 10, col: 5, utf16: 4 }, { line: 12, col: 1 }, 'goroutine blocks forever'),
  finding('missing-timeout', 'note', 'a.go', { line: 2, col: 1 }, { line: 2, col: 9 }, 'http.Client has no Timeout'),
];

describe('text format', () => {
  it('prints one go-vet style line per finding, sorted, with byte columns', () => {
    expect(formatOutput('text', input({ findings }))).toBe(
      'a.go:2:1: http.Client has no Timeout (missing-timeout)\n' +
        'a.go:10:5: goroutine blocks forever (goroutine-leak)\n' +
        'pkg/b.go:3:2: the cancel function is not used on all paths (lost-cancel)\n',
    );
  });

  it('prints nothing at all for no findings and no summary', () => {
    expect(formatOutput('text', input())).toBe('');
  });

  it('does not print file errors', () => {
    expect(formatOutput('text', input({ errors: [{ file: 'x.go', message: 'cannot read' }] }))).toBe('');
  });

  it('ends with a summary line when asked', () => {
    expect(formatOutput('text', input({ findings, summary: true })).split('\n').slice(-2)).toEqual(['3 findings in 2 files', '']);
    expect(formatOutput('text', input({ findings: findings.slice(0, 1), summary: true }))).toMatch(/\n1 finding in 1 file\n$/);
    expect(formatOutput('text', input({ summary: true }))).toBe('no findings\n');
    expect(formatOutput('text', input({ summary: true, errors: [{ file: 'x.go', message: 'm' }] }))).toBe(
      'no findings; 1 file could not be linted\n',
    );
  });

  it('colours path, position and rule id only when color is on', () => {
    const plain = formatOutput('text', input({ findings }));
    const coloured = formatOutput('text', input({ findings, color: true }));
    expect(plain).not.toMatch(/\x1b\[/);
    const first = coloured.split('\n')[0]!;
    expect(first).toBe(
      '\x1b[1ma.go\x1b[22m:\x1b[2m2:1:\x1b[22m http.Client has no Timeout \x1b[36m(missing-timeout)\x1b[39m',
    );
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });
});
