import type { Point } from 'web-tree-sitter';
import type { Position } from '../types.js';

/**
 * web-tree-sitter parses JavaScript strings, so its rows and columns count UTF-16 code units.
 * Go tools and editors' errorformats count UTF-8 bytes; SARIF and LSP want UTF-16. This converts
 * once per reported position, from the line's own text.
 */
const CHECKPOINT = 4096;

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

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
    const end = Math.min(start + point.column, this.text.length);
    // From the nearest checkpoint of the line: counting from the line's start made many findings on one
    // long line quadratic (20,000 on a 1 MB line: seconds).
    const [from, bytes] = this.checkpoint(point.row, start, end);
    const column = bytes + Buffer.byteLength(this.text.slice(from, end), 'utf8');
    return { line: point.row + 1, column: column + 1, utf16Column: point.column + 1 };
  }

  /** UTF-8 byte counts at every CHECKPOINT code units of a line, filled in as far as asked. */
  private readonly checkpoints = new Map<number, Array<[offset: number, bytes: number]>>();

  /** The last checkpoint at or before `end` on the row starting at `start`: its offset and the bytes before it. */
  private checkpoint(row: number, start: number, end: number): [number, number] {
    let marks = this.checkpoints.get(row);
    if (!marks) this.checkpoints.set(row, (marks = [[start, 0]]));
    for (let last = marks[marks.length - 1]!; last[0] + CHECKPOINT <= end; last = marks[marks.length - 1]!) {
      let next = last[0] + CHECKPOINT;
      // Never between the halves of a surrogate pair, which count 4 bytes together and 3 each alone.
      if (isHighSurrogate(this.text.charCodeAt(next - 1)) && isLowSurrogate(this.text.charCodeAt(next))) next++;
      if (next > end) break;
      marks.push([next, last[1] + Buffer.byteLength(this.text.slice(last[0], next), 'utf8')]);
    }
    let lo = 0;
    let hi = marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (marks[mid]![0] <= end) lo = mid;
      else hi = mid - 1;
    }
    return marks[lo]!;
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
