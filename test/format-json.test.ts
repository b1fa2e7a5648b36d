import { describe, expect, it } from 'vitest';
import { formatOutput } from '../src/format/index.js';
import { finding, input } from './helpers/format-input.js';

const pos = (line: number, column: number) => ({ line, column, utf16Column: column });

describe('json format', () => {
  const findings = [
    finding('lost-cancel', 'warning', 'b.go', { line: 4, col: 7, utf16: 5 }, { line: 4, col: 20, utf16: 16 }, 'drop', 'abc:1'),
    finding('goroutine-leak', 'error', 'a.go', { line: 1, col: 1 }, { line: 2, col: 3 }, 'leak', 'def:2'),
  ];
  const errors = [{ file: 'z.go', message: 'permission denied' }, { file: 'c.go', message: 'not UTF-8', internal: true }];

  it('writes the documented version 1 shape, sorted, 2-space indented with a final newline', () => {
    const text = formatOutput('json', input({ findings, errors }));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "version": 1,\n');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      tool: { name: 'gohazard', version: '0.1.0' },
      findings: [
        {
          ruleId: 'goroutine-leak',
          level: 'error',
          message: 'leak',
          file: 'a.go',
          start: { line: 1, column: 1, utf16Column: 1 },
          end: { line: 2, column: 3, utf16Column: 3 },
          fingerprint: 'def:2',
          messageId: null,
          place: 'service',
          related: [],
        },
        {
          ruleId: 'lost-cancel',
          level: 'warning',
          message: 'drop',
          file: 'b.go',
          start: { line: 4, column: 7, utf16Column: 5 },
          end: { line: 4, column: 20, utf16Column: 16 },
          fingerprint: 'abc:1',
          messageId: null,
          place: 'service',
          related: [],
        },
      ],
      errors: [
        { file: 'c.go', message: 'not UTF-8' },
        { file: 'z.go', message: 'permission denied' },
      ],
    });
  });

  it('keeps the key order fixed', () => {
    const parsed = JSON.parse(formatOutput('json', input({ findings })));
    expect(Object.keys(parsed)).toEqual(['version', 'tool', 'findings', 'errors']);
    expect(Object.keys(parsed.findings[0])).toEqual(['ruleId', 'level', 'message', 'file', 'start', 'end', 'fingerprint', 'messageId', 'place', 'related']);
  });

  it('carries the message id and the related places of a finding', () => {
    const [f] = findings;
    const withRelated = { ...f!, messageId: 'notCalledOnPath', related: [{ file: 'b.go', start: pos(9, 3), end: pos(9, 11), message: 'this return\nskips cancel()' }] };
    const parsed = JSON.parse(formatOutput('json', input({ findings: [withRelated] })));
    expect(parsed.findings[0].messageId).toBe('notCalledOnPath');
    expect(parsed.findings[0].related).toEqual([
      { file: 'b.go', start: { line: 9, column: 3, utf16Column: 3 }, end: { line: 9, column: 11, utf16Column: 11 }, message: 'this return skips cancel()' },
    ]);
  });

  it('writes empty arrays when there is nothing to report', () => {
    expect(formatOutput('json', input())).toBe(
      '{\n  "version": 1,\n  "tool": {\n    "name": "gohazard",\n    "version": "0.1.0"\n  },\n  "findings": [],\n  "errors": []\n}\n',
    );
  });
});
