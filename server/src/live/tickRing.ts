import type { Tick } from '@gigawatt/shared';

/** The most recent ticks, so a viewer that reconnects gets what it missed (by seq) before new ones. */
export class TickRing {
  private readonly items: (Tick | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  push(tick: Tick): void {
    this.items[this.head] = tick;
    this.head = (this.head + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Ticks with seq > afterSeq, oldest first. */
  since(afterSeq: number): Tick[] {
    const out: Tick[] = [];
    for (let i = 0; i < this.size; i++) {
      const tick = this.items[(this.head - this.size + i + this.capacity) % this.capacity]!;
      if (tick.seq > afterSeq) out.push(tick);
    }
    return out;
  }

  get last(): Tick | undefined {
    return this.size === 0 ? undefined : this.items[(this.head - 1 + this.capacity) % this.capacity];
  }

  get oldestSeq(): number | undefined {
    return this.size === 0
      ? undefined
      : this.items[(this.head - this.size + this.capacity) % this.capacity]!.seq;
  }
}
