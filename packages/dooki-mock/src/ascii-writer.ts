// Writes ASCII text straight into bytes. Page bodies used to be template strings joined per page,
// and V8 spent more time flattening those ropes (one node per interpolation, ~150 per customer)
// and re-encoding them for the socket than generating the data. Writing bytes skips both: a
// page becomes one Buffer, written once and sent as is.

const ZERO = 48;
const HEX_DIGITS = Array.from('0123456789abcdef', (char) => char.charCodeAt(0));

/** `text` encoded once, for {@link AsciiWriter.bytes} on hot paths. */
export const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A growable byte buffer for ASCII-only output (every char code must be < 128). */
export class AsciiWriter {
  private buf: Buffer;
  /** Bytes written so far. */
  pos = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts over, keeping the allocation. */
  reset(): void {
    this.pos = 0;
  }

  /**
   * Makes room for `bytes` more. The hot methods below do not bounds-check (typed arrays drop
   * out-of-range writes silently), so every caller reserves a safe upper bound first and
   * {@link view} verifies it held.
   */
  reserve(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** Copies an ASCII string (literal or pre-escaped JSON text). */
  text(value: string): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < value.length; i++) buf[pos++] = value.charCodeAt(i);
    this.pos = pos;
  }

  /** Copies pre-encoded ASCII (see {@link ascii}): about twice as fast per byte as {@link text}. */
  bytes(value: Buffer): void {
    const buf = this.buf;
    const pos = this.pos;
    // A native copy wins once its fixed call cost is spread over enough bytes.
    if (value.length > 24) buf.set(value, pos);
    else for (let i = 0; i < value.length; i++) buf[pos + i] = value[i]!;
    this.pos = pos + value.length;
  }

  /** A non-negative safe integer in decimal, as `String(n)` writes it. */
  uint(n: number): void {
    let digits = 1;
    for (let power = 10; power <= n; power *= 10) digits++;
    if (n <= 0x7fffffff) return this.padded(n, digits);
    this.pos += digits;
    let pos = this.pos;
    do {
      const rest = Math.floor(n / 10);
      this.buf[--pos] = ZERO + n - rest * 10;
      n = rest;
    } while (n > 0);
  }

  /** An integer in [0, 2^31) left-padded with zeros to `width` digits (n < 10^width). */
  padded(n: number, width: number): void {
    const buf = this.buf;
    const start = this.pos;
    // Int32 arithmetic: every value this writes fits, and it beats float division.
    for (let i = start + width - 1; i >= start; i--) {
      const rest = (n / 10) | 0;
      buf[i] = ZERO + n - rest * 10;
      n = rest;
    }
    this.pos = start + width;
  }

  /** One decimal digit (0-9). */
  digit(d: number): void {
    this.buf[this.pos++] = ZERO + d;
  }

  /** Hex nibbles `from` to `to` (exclusive, 0 = most significant) of a uint32, lowercase. */
  hex(n: number, from: number, to: number): void {
    for (let i = from; i < to; i++) this.buf[this.pos++] = HEX_DIGITS[(n >>> (28 - 4 * i)) & 15]!;
  }

  /** The bytes written so far, without a copy: valid until the next {@link reset}. */
  view(): Buffer {
    this.checkFit();
    return this.buf.subarray(0, this.pos);
  }

  /** The bytes written so far as a string. */
  takeText(): string {
    this.checkFit();
    return this.buf.toString('latin1', 0, this.pos);
  }

  private checkFit(): void {
    if (this.pos > this.buf.length) throw new RangeError('AsciiWriter overflow: reserve too small');
  }
}
