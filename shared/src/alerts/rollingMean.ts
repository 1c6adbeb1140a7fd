/** Mean over a sliding time window; memory bounded by the readings inside the window. */
export class RollingMean {
  private times: number[] = [];
  private values: number[] = [];
  private head = 0;
  private sum = 0;

  constructor(private readonly windowMs: number) {}

  /** Adds a reading (times must increase) and returns the mean over (t − window, t]. */
  push(t: number, value: number): number {
    this.times.push(t);
    this.values.push(value);
    this.sum += value;
    while (this.times[this.head]! <= t - this.windowMs) {
      this.sum -= this.values[this.head]!;
      this.head++;
    }
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.values = this.values.slice(this.head);
      this.head = 0;
      // Re-sum now and then so floating-point drift cannot accumulate over weeks.
      this.sum = this.values.reduce((a, b) => a + b, 0);
    }
    return this.sum / (this.times.length - this.head);
  }
}
