import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/engine/positions.js';
import { runScript } from './bounded-child.js';

/**
 * Issue 8, case 7, the engine's side: each finding's UTF-8 column was counted from the start of its line,
 * so many findings on one long line (a minified or generated one-line function) cost findings × line.
 */

describe('positions on a long line', () => {
  it('converts 200,000 positions on a 1 MiB line in linear time, exactly', () => {
    // 'é' is two UTF-8 bytes and '😀' four (two UTF-16 code units): column n of `unit` repeated is a
    // known byte count, checked for every position.
    const result = runScript(`
      import { LineIndex } from 'DISTsrc/engine/positions.js';
      const unit = 'aé😀';
      const text = 'package p\\n' + unit.repeat(1 << 18) + '\\n';
      const lines = new LineIndex(text);
      let wrong = 0;
      for (let i = 0; i < 200000; i++) {
        const k = Math.floor(i * 1.3);
        if (lines.position({ row: 1, column: 4 * k }).column !== 7 * k + 1) wrong++;
      }
      process.stdout.write('wrong ' + wrong);
    `);
    expect(result.timedOut).toBe(false);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('wrong 0');
  });

  it('counts a surrogate pair at a checkpoint boundary as one four-byte character', () => {
    const text = `${'a'.repeat(4095)}😀b`;
    const lines = new LineIndex(text);
    expect([4095, 4097, 4098].map((column) => lines.position({ row: 0, column }).column)).toEqual([4096, 4100, 4101]);
  });
});
