/**
 * GitHub code scanning's `primaryLocationLineHash`, computed the way github/codeql-action's
 * `src/fingerprints.ts` does when it fills in missing fingerprints on upload, so that uploads through
 * the REST API and third-party consumers get the same alert identity.
 *
 * Each line's hash is a polynomial hash, base 37 mod 2^64, of the 100 characters (UTF-16 code units)
 * starting at the line's first character, where spaces and tabs are skipped, `\r\n` and `\r` count
 * as one `\n`, the end of the file is a 65535 and zeros pad the rest. It depends on the content
 * only, so an alert follows code that moves. The value is `hex:n`, n telling identical lines apart.
 */

const WINDOW = 100;
const BASE = 37;
const EOF = 0xffff;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/**
 * The 64-bit hash is kept in five limbs of 14, 14, 14, 14 and 8 bits, least significant first, so that
 * every intermediate value (a limb times a UTF-16 code unit) fits in an int32 and V8 stays on integer
 * arithmetic: BigInt, or 32-bit halves that spill into doubles, is several times slower on big files.
 */
const LIMB_BITS = [14, 14, 14, 14, 8] as const;

/** BASE^WINDOW mod 2^64 in limbs: the weight of the character that leaves the window. */
const DROP = (() => {
  const limbs = [1, 0, 0, 0, 0];
  for (let i = 0; i < WINDOW; i++) {
    let carry = 0;
    LIMB_BITS.forEach((bits, k) => {
      const t = (limbs[k] ?? 0) * BASE + carry;
      limbs[k] = t & ((1 << bits) - 1);
      carry = t >> bits;
    });
  }
  return limbs as [number, number, number, number, number];
})();

/** The line hash of every line of `text`: index 0 is line 1. Lines end at `\n`, `\r\n` or `\r`. */
export function lineHashes(text: string): string[] {
  const counter = new OccurrenceCounter();
  const window = new Uint16Array(WINDOW);
  // Whether the character in that slot began a line: its hash is complete once the window wraps to it again.
  const startsLine = new Uint8Array(WINDOW);
  const [d0, d1, d2, d3, d4] = DROP;
  let [h0, h1, h2, h3, h4] = [0, 0, 0, 0, 0];
  let slot = 0;
  let atLineStart = true;
  let afterCR = false;
  // Past the text come the EOF sentinel and a window of zeros that pushes the last lines out.
  for (let i = 0, end = text.length + WINDOW; i <= end; i++) {
    let code = i < text.length ? text.charCodeAt(i) : i === text.length ? EOF : 0;
    // codeql-action clears the after-CR state on a skipped blank too, so "\r \n" is two line breaks.
    if (code === SPACE || code === TAB || (afterCR && code === LF)) {
      afterCR = false;
      continue;
    }
    afterCR = code === CR;
    if (afterCR) code = LF;

    if (startsLine[slot] === 1) {
      counter.add(((h4 << 24) | (h3 << 10) | (h2 >> 4)) >>> 0, (((h2 & 0xf) << 28) | (h1 << 14) | h0) >>> 0);
    }
    startsLine[slot] = atLineStart ? 1 : 0;
    atLineStart = code === LF;
    const leaving = window[slot] ?? 0;
    window[slot] = code;
    slot = slot === WINDOW - 1 ? 0 : slot + 1;

    // hash = hash * BASE + code - BASE^WINDOW * leaving (mod 2^64), limb by limb with signed
    // carries: `>>` floors, and the mask keeps the two's-complement low bits of a negative t.
    let t = h0 * BASE + code - d0 * leaving;
    h0 = t & 0x3fff;
    t = h1 * BASE + (t >> 14) - d1 * leaving;
    h1 = t & 0x3fff;
    t = h2 * BASE + (t >> 14) - d2 * leaving;
    h2 = t & 0x3fff;
    t = h3 * BASE + (t >> 14) - d3 * leaving;
    h3 = t & 0x3fff;
    h4 = (h4 * BASE + (t >> 14) - d4 * leaving) & 0xff;
  }
  return counter.hashes;
}

/** Two hex digits per byte value: `Number#toString(16)` is slow on values above 2^31. */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Lower-case hex without leading zeros, as codeql-action's `Long.toString(16)` prints it. */
function hex64(hi: number, lo: number): string {
  const bytes = [hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff];
  let k = 0;
  while (k < 7 && bytes[k] === 0) k++;
  let hex = (bytes[k] ?? 0).toString(16);
  for (k++; k < 8; k++) hex += BYTE_HEX[bytes[k] ?? 0];
  return hex;
}

/** Turns each line's raw hash into `hex:n`, n counting the lines with that hash so far. */
class OccurrenceCounter {
  readonly hashes: string[] = [];
  private readonly seen = new HashCounts();

  add(hi: number, lo: number): void {
    this.hashes.push(`${hex64(hi, lo)}:${this.seen.increment(hi, lo)}`);
  }
}

/**
 * Occurrence counts keyed by 64-bit value, in an open-addressing table of typed arrays: a Map keyed
 * by hex string costs a third of the whole run on a file of distinct lines.
 */
class HashCounts {
  private his = new Int32Array(1024);
  private los = new Int32Array(1024);
  private counts = new Int32Array(1024);
  private size = 0;

  /** Counts one more occurrence of (hi, lo) and returns the new count. */
  increment(hi: number, lo: number): number {
    const slot = this.find(hi | 0, lo | 0);
    const count = (this.counts[slot] ?? 0) + 1;
    this.counts[slot] = count;
    if (count === 1) {
      this.his[slot] = hi;
      this.los[slot] = lo;
      if (++this.size * 2 > this.counts.length) this.grow();
    }
    return count;
  }

  /** The slot holding (hi, lo), or the empty slot where it belongs (linear probing). */
  private find(hi: number, lo: number): number {
    const mask = this.counts.length - 1;
    const mixed = Math.imul(hi ^ lo, 0x9e3779b1);
    let slot = (mixed ^ (mixed >>> 15)) & mask;
    while (this.counts[slot] !== 0 && (this.his[slot] !== hi || this.los[slot] !== lo)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { his, los, counts } = this;
    this.his = new Int32Array(counts.length * 2);
    this.los = new Int32Array(counts.length * 2);
    this.counts = new Int32Array(counts.length * 2);
    counts.forEach((count, old) => {
      if (count === 0) return;
      const slot = this.find(his[old]!, los[old]!);
      this.his[slot] = his[old]!;
      this.los[slot] = los[old]!;
      this.counts[slot] = count;
    });
  }
}
