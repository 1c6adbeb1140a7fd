/**
 * Maximum over a sliding time window (a monotonic deque): O(1) amortised per reading, and memory bounded
 * by the readings inside the window.
 */
export class RollingMax {
  private times: number[] = [];
  private values: number[] = [];
  private head = 0;

  constructor(private readonly windowMs: number) {}

  /** Adds a reading (times must increase) and returns the maximum over [t − window, t]. */
  push(t: number, value: number): number {
    while (this.values.length > this.head && this.values[this.values.length - 1]! <= value) {
      this.values.pop();
      this.times.pop();
    }
    this.times.push(t);
    this.values.push(value);
    while (this.times[this.head]! < t - this.windowMs) this.head++;
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
    return this.values[this.head]!;
  }
}
