import { float32Exponent, POW10 } from './float32Digits.ts';

const ZERO = 0x30;
/** Sign, 8 digits, point and up to 19 zeros (POW10 reaches 1e±19), or "null". */
const MAX_FLOAT32_BYTES = 32;
const NULL = Buffer.from('null');

/** "00" to "99": two digits per division. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = ZERO + Math.floor(i / 10);
  PAIRS[2 * i + 1] = ZERO + (i % 10);
}

/**
 * The decade of the last value written: neighbouring values of a series share it, so most values skip
 * Math.log10. Only values well inside it (not within 1e-9 of a power of ten, where log10's rounding
 * could decide) reuse it, so the exponent is always the one float32Digits computes.
 */
let decade = 0;
let decadeLo = Number.NaN;
let decadeHi = Number.NaN;

/** The value of JsonBytes.float32, passed in a column like the rest. */
const ONE = new Float64Array(1);

/**
 * Writes float32Digits(xs[i]) as JSON at pos (room for MAX_FLOAT32_BYTES assumed); returns the end.
 * Given the column and an index, not the value: a double passed to a function that is not inlined (this
 * one is too big) is boxed first, a heap number per value printed, megabytes of garbage per answer.
 */
function writeFloat32(buf: Buffer, pos: number, xs: Float64Array, i: number): number {
  const x = xs[i]!;
  if (x === 0) {
    buf[pos] = ZERO;
    return pos + 1;
  }
  if (!Number.isFinite(x)) return pos + NULL.copy(buf, pos);
  const a = Math.abs(x);
  if (!(a > decadeLo && a < decadeHi)) {
    decade = 6 - float32Exponent(x);
    decadeLo = (POW10[decade + 20] ?? Number.NaN) * (1 + 1e-9);
    decadeHi = (POW10[decade + 21] ?? Number.NaN) * (1 - 1e-9);
  }
  let e = 6 - decade;
  const scale = POW10[Math.abs(e) + 20];
  // Beyond 1e±19 (never seen here): the number as JSON.stringify prints it, at most 24 characters.
  if (scale === undefined) return pos + buf.write(String(Number(x.toPrecision(7))), pos, 'latin1');
  const scaled = e >= 0 ? Math.round(x * scale) : Math.round(x / scale);
  if (scaled < 0) buf[pos++] = 0x2d;
  // At most 8 digits: small-integer arithmetic from here on.
  let n = Math.abs(scaled) | 0;
  // value = n × 10^-e; trailing zeros after the point say nothing.
  while (e > 0 && n % 10 === 0) {
    n = (n / 10) | 0;
    e--;
  }
  const len =
    n < 10_000
      ? n < 100
        ? n < 10
          ? 1
          : 2
        : n < 1000
          ? 3
          : 4
      : n < 1_000_000
        ? n < 100_000
          ? 5
          : 6
        : n < 10_000_000
          ? 7
          : 8;
  // The digits of n go to [start, start + len); a point is put in afterwards, or zeros around them.
  let start = pos;
  let total: number;
  if (e <= 0) total = len - e;
  else if (len > e) total = len + 1;
  else {
    total = e + 2;
    buf[pos] = ZERO;
    buf[pos + 1] = 0x2e;
    for (let z = 0; z < e - len; z++) buf[pos + 2 + z] = ZERO;
    start = pos + 2 + e - len;
  }
  let at = start + len;
  while (n >= 100) {
    const q = (n / 100) | 0;
    const r = (n - q * 100) << 1;
    buf[--at] = PAIRS[r + 1]!;
    buf[--at] = PAIRS[r]!;
    n = q;
  }
  if (n >= 10) {
    buf[--at] = PAIRS[(n << 1) + 1]!;
    buf[--at] = PAIRS[n << 1]!;
  } else buf[--at] = ZERO + n;
  if (e <= 0) {
    for (let z = 0; z < -e; z++) buf[start + len + z] = ZERO;
  } else if (len > e) {
    // Shift the last e digits right by one for the point.
    const point = start + len - e;
    for (let j = start + len; j > point; j--) buf[j] = buf[j - 1]!;
    buf[point] = 0x2e;
  }
  return pos + total;
}

/**
 * Writes JSON text straight into a growing byte buffer: a megabyte of numbers costs no intermediate
 * objects, no JSON.stringify of them and no re-encoding of one big string into UTF-8.
 */
export class JsonBytes {
  #buf: Buffer;
  #pos = 0;

  constructor(sizeHint = 64 * 1024) {
    this.#buf = Buffer.allocUnsafe(Math.max(64, sizeHint));
  }

  get length(): number {
    return this.#pos;
  }

  #room(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#pos + n));
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }

  /** JSON text as it is (punctuation, keys); any UTF-8. */
  raw(text: string): this {
    this.#room(text.length * 3);
    this.#pos += this.#buf.write(text, this.#pos, 'utf8');
    return this;
  }

  /** A JSON string. */
  string(s: string): this {
    return this.raw(JSON.stringify(s));
  }

  /** Any number as JSON.stringify prints it (NaN and infinities as null). */
  number(x: number): this {
    return this.raw(Number.isFinite(x) ? String(x) : 'null');
  }

  byte(b: number): this {
    this.#room(1);
    this.#buf[this.#pos++] = b;
    return this;
  }

  /**
   * A float32 value at 7 significant digits: the text of float32Digits(x), written from the scaled
   * integer (the same arithmetic, so it parses to the same double) without making a string.
   */
  float32(x: number): this {
    this.#room(MAX_FLOAT32_BYTES);
    ONE[0] = x;
    this.#pos = writeFloat32(this.#buf, this.#pos, ONE, 0);
    return this;
  }

  /** A JSON array of float32 values (history columns are Float64Arrays; anything else is copied to one). */
  float32Array(values: ArrayLike<number>): this {
    const xs = values instanceof Float64Array ? values : Float64Array.from(values);
    this.#room(xs.length * (MAX_FLOAT32_BYTES + 1) + 2);
    const buf = this.#buf;
    let pos = this.#pos;
    buf[pos++] = 0x5b;
    for (let i = 0; i < xs.length; i++) {
      if (i > 0) buf[pos++] = 0x2c;
      pos = writeFloat32(buf, pos, xs, i);
    }
    buf[pos++] = 0x5d;
    this.#pos = pos;
    return this;
  }

  /** A JSON array of numbers printed as JSON.stringify does (bucket times). */
  numberArray(xs: ArrayLike<number>): this {
    this.byte(0x5b);
    for (let i = 0; i < xs.length; i++) {
      if (i > 0) this.byte(0x2c);
      this.number(xs[i]!);
    }
    return this.byte(0x5d);
  }

  /** The bytes written (a view of the buffer, not a copy). */
  bytes(): Buffer {
    return this.#buf.subarray(0, this.#pos);
  }
}
