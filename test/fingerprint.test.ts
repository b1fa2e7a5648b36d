import { describe, expect, it } from 'vitest';
import { lineHashes } from '../src/format/fingerprint.js';

// Expected values are the published vectors of github/codeql-action `src/fingerprints.test.ts`
// (test "hash"), the implementation GitHub runs when it fills in `primaryLocationLineHash` on upload.
describe('lineHashes (codeql-action vectors)', () => {
  const endOfFile = 'c129715d7a2bc9a3:1';
  const greetings = [
    'e9496ae3ebfced30:1',
    'fb7c023a8b9ccb3f:1',
    'ce8ba1a563dcdaca:1',
    'e20e36e16fcb0cc8:1',
    'b3edc88f2938467e:1',
    'c8e28b0b4002a3a0:1',
    endOfFile,
  ];

  it.each([
    ['empty file', '', [endOfFile]],
    [
      'blanks at line starts',
      ' a\nb\n  \t\tc\n d',
      ['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1'],
    ],
    [
      'no final newline',
      ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End',
      [
        '8b7cf3e952e7aeb2:1',
        'b1ae1287ec4718d9:1',
        'bff680108adb0fcc:1',
        'c6805c5e1288b612:1',
        'b86d3392aea1be30:1',
        'e6ceba753e1a442:1',
      ],
    ],
    ['LF', ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n', greetings],
    ['CR', ' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r', greetings],
    ['CRLF', ' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n', greetings],
    ['mixed', ' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n', greetings],
    [
      'repeated lines',
      'Lorem ipsum dolor sit amet.\n'.repeat(10),
      [
        'a7f2ff13bc495cf2:1',
        'a7f2ff13bc495cf2:2',
        'a7f2ff13bc495cf2:3',
        'a7f2ff13bc495cf2:4',
        'a7f2ff13bc495cf2:5',
        'a7f2ff13bc495cf2:6',
        'a7f2ff1481e87703:1',
        'a9cf91f7bbf1862b:1',
        '55ec222b86bcae53:1',
        'cc97dc7b1d7d8f7b:1',
        endOfFile,
      ],
    ],
    [
      'short distinct lines',
      'x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n',
      [
        'e54938cc54b302f1:1',
        'bb609acbe9138d60:1',
        '1131fd5871777f34:1',
        '5c482a0f8b35ea28:1',
        '54517377da7028d2:1',
        '2c644846cb18d53e:1',
        'f1b89f20de0d133:1',
        endOfFile,
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(lineHashes(text)).toEqual(expected);
    expect(lineHashes(text)).toHaveLength(text.split(/\r\n|\r|\n/).length);
  });
});

describe('lineHashes', () => {
  it('ignores spaces and tabs inside a line', () => {
    expect(lineHashes('a b\tc\n')[0]).toBe(lineHashes('abc\n')[0]);
  });

  it('hashes every line of a 10 MB file (speed is measured by npm run bench, not here)', () => {
    const lines: string[] = [];
    for (let size = 0, i = 0; size < 10_000_000; i++) {
      const line = `\tctx${i}, cancel := context.WithTimeout(parent, ${i}*time.Second) // 超时 ü\n`;
      lines.push(line);
      size += line.length;
    }
    const text = lines.join('');
    const hashes = lineHashes(text);
    expect(hashes).toHaveLength(text.split('\n').length);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

/**
 * An independent, slow reading of the definition: for each line, the base-37 polynomial (mod 2^64)
 * of the 100 normalised characters starting at the line's first character, with the EOF sentinel
 * and zero padding. Random texts with CR/LF mixes, blanks and large code units exercise the
 * carries of the fast implementation that the short ASCII vectors above do not.
 */
function referenceHashes(text: string): string[] {
  const chars: number[] = [];
  const lineStarts: number[] = [];
  let atLineStart = true;
  let afterCR = false;
  const codes = [...Array(text.length).keys()].map((i) => text.charCodeAt(i));
  for (const code of [...codes, 0xffff]) {
    if (code === 0x20 || code === 0x09 || (afterCR && code === 0x0a)) {
      afterCR = false;
      continue;
    }
    afterCR = code === 0x0d;
    if (atLineStart) lineStarts.push(chars.length);
    const normalised = afterCR ? 0x0a : code;
    atLineStart = normalised === 0x0a;
    chars.push(normalised);
  }
  const seen = new Map<string, number>();
  return lineStarts.map((start) => {
    let hash = 0n;
    for (let k = 0; k < 100; k++) hash = (hash * 37n + BigInt(chars[start + k] ?? 0)) & 0xffff_ffff_ffff_ffffn;
    const hex = hash.toString(16);
    const n = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, n);
    return `${hex}:${n}`;
  });
}

describe('lineHashes against a direct BigInt reading of the definition', () => {
  it('agrees on random texts', () => {
    const alphabet = ['a', 'Z', ' ', '\t', '\n', '\r', '\r\n', 'ü', '超', '😀', '\uffff', '\0', '}', 'func f() {'];
    let seed = 42;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      let text = '';
      const length = random(400);
      for (let i = 0; i < length; i++) text += alphabet[random(alphabet.length)];
      expect(lineHashes(text)).toEqual(referenceHashes(text));
    }
  });

  it('agrees with the published vectors', () => {
    expect(referenceHashes('Lorem ipsum dolor sit amet.\n'.repeat(10))[6]).toBe('a7f2ff1481e87703:1');
  });
});
