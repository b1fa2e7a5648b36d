import type { Point } from 'web-tree-sitter';
import type { Position } from './types.js';

/**
 * web-tree-sitter parses JavaScript strings, so its rows and columns count UTF-16 code units.
 * Go tools and editors' errorformats count UTF-8 bytes; SARIF and LSP want UTF-16. This converts
 * once per reported position, from the line's own text.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  position(point: Point): Position {
    const start = this.lineStarts()[point.row] ?? this.text.length;
    const prefix = this.text.slice(start, start + point.column);
    return { line: point.row + 1, column: Buffer.byteLength(prefix, 'utf8') + 1, utf16Column: point.column + 1 };
  }

  /** The 0-based row of a UTF-16 offset. */
  rowOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The UTF-16 offset where a 0-based row starts. */
  offsetOfRow(row: number): number {
    return this.lineStarts()[row] ?? this.text.length;
  }

  lineText(row: number): string {
    const starts = this.lineStarts();
    const start = starts[row] ?? this.text.length;
    const end = starts[row + 1] ?? this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$/, '');
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }
}
