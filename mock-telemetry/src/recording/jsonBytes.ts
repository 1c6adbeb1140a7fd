const DOT = 46;
const ZERO = 48;
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * An ASCII JSON writer straight into a reusable byte buffer, for the bulk serialisers of synthesis:
 * no intermediate strings and no allocation per message (the MCAP chunk builder copies the bytes).
 * Numbers are written as JSON.stringify writes them.
 */
export class JsonBytes {
  #buf = new Uint8Array(1 << 16);
  #n = 0;

  /** Starts a new document; the previous view is overwritten. */
  reset(): this {
    this.#n = 0;
    return this;
  }

  /** A view of what was written since reset (valid until the next reset). */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#n);
  }

  #room(bytes: number) {
    if (this.#n + bytes <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#n + bytes));
    next.set(this.#buf.subarray(0, this.#n));
    this.#buf = next;
  }

  /** Text that needs no escaping (keys, punctuation, ids matching the shared id pattern). */
  raw(text: string): this {
    this.#room(text.length);
    for (let i = 0; i < text.length; i++) this.#buf[this.#n++] = text.charCodeAt(i);
    return this;
  }

  #digits(v: number, count: number) {
    let end = this.#n + count;
    this.#n = end;
    for (let x = v; count > 0; count--) {
      const q = Math.floor(x / 10);
      this.#buf[--end] = ZERO + (x - q * 10);
      x = q;
    }
  }

  /** Any finite number, exactly as JSON.stringify writes it. */
  number(v: number): this {
    if (Number.isSafeInteger(v) && v >= 0) {
      let count = 1;
      for (let x = v; x >= 10; x = Math.floor(x / 10)) count++;
      this.#room(count);
      this.#digits(v, count);
      return this;
    }
    return this.raw(String(v));
  }

  /**
   * A number known to have at most `decimals` (≤ 6) decimals, e.g. a meter reading rounded with
   * Math.round(x · 10^d) / 10^d: written from its integer digits, which is JSON.stringify's shortest
   * form for such a value. Anything else falls back to the exact general form.
   */
  fixed(v: number, decimals: number): this {
    const f = POW10[decimals]!;
    const scaled = Math.round(v * f);
    if (scaled < 0 || !Number.isSafeInteger(scaled) || scaled / f !== v) return this.raw(String(v));
    const whole = Math.floor(scaled / f);
    let frac = scaled - whole * f;
    this.number(whole);
    if (frac === 0) return this;
    let d = decimals;
    while (frac % 10 === 0) {
      frac /= 10;
      d--;
    }
    this.#room(d + 1);
    this.#buf[this.#n++] = DOT;
    this.#digits(frac, d);
    return this;
  }

  /** A number rounded to `decimals` first (meter precision). */
  rounded(v: number, decimals: number): this {
    const f = POW10[decimals]!;
    const r = Math.round(v * f) / f;
    if (r < 0) {
      this.raw('-');
      return this.fixed(-r, decimals);
    }
    return this.fixed(r, decimals);
  }
}
