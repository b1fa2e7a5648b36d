import { describe, expect, it } from 'vitest';
import { formatOutput } from '../src/format/index.js';
import { finding, input } from './helpers/format-input.js';

describe('github format', () => {
  it('writes one workflow command per finding with UTF-16 columns and level-mapped commands', () => {
    const findings = [
      finding('missing-timeout', 'note', 'a.go', { line: 2, col: 1 }, { line: 2, col: 9 }, 'no timeout'),
      finding('goroutine-leak', 'error', 'a.go', { line: 10, col: 7, utf16: 5 }, { line: 12, col: 3, utf16: 2 }, 'leaks'),
      finding('lost-cancel', 'warning', 'b.go', { line: 1, col: 1 }, { line: 1, col: 4 }, 'lost'),
    ];
    expect(formatOutput('github', input({ findings }))).toBe(
      '::notice file=a.go,line=2,endLine=2,col=1,endColumn=9,title=missing-timeout::no timeout (missing-timeout)\n' +
        '::error file=a.go,line=10,endLine=12,col=5,endColumn=2,title=goroutine-leak::leaks (goroutine-leak)\n' +
        '::warning file=b.go,line=1,endLine=1,col=1,endColumn=4,title=lost-cancel::lost (lost-cancel)\n',
    );
  });

  it('escapes % in the message (whose line breaks become spaces), and % line breaks : and , in properties', () => {
    const f = finding('lost-cancel', 'warning', 'dir:x/a,b%\r\n.go', { line: 1, col: 1 }, { line: 1, col: 2 }, '100% sure:\r\nsee, here');
    expect(formatOutput('github', input({ findings: [f] }))).toBe(
      '::warning file=dir%3Ax/a%2Cb%25%0D%0A.go,line=1,endLine=1,col=1,endColumn=2,title=lost-cancel::100%25 sure: see, here (lost-cancel)\n',
    );
  });

  it('turns file errors into error commands, before the findings', () => {
    const f = finding('lost-cancel', 'warning', 'a.go', { line: 1, col: 1 }, { line: 1, col: 2 }, 'm');
    const out = formatOutput('github', input({ findings: [f], errors: [{ file: 'bad, dir/x.go', message: 'EACCES: permission denied\nreally' }] }));
    expect(out.split('\n')).toEqual([
      '::error file=bad%2C dir/x.go::EACCES: permission denied really',
      '::warning file=a.go,line=1,endLine=1,col=1,endColumn=2,title=lost-cancel::m (lost-cancel)',
      '',
    ]);
  });

  it('writes nothing for a clean run', () => {
    expect(formatOutput('github', input())).toBe('');
  });
});
