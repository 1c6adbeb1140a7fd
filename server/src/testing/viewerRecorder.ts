import type { AlertEvent, Hello, Tick } from '@gigawatt/shared';
import { expect } from 'vitest';
import { connected, connectLive, type LiveClient, waitFor } from './socketHelpers.ts';

/** A /live viewer that keeps everything it is sent, in order. */
export interface RecordedViewer {
  socket: LiveClient;
  hello: Hello | undefined;
  ticks: Tick[];
  alerts: AlertEvent[];
  lastSeq(): number;
  close(): void;
}

export async function recordViewer(url: string, auth: { lastSeq?: number } = {}): Promise<RecordedViewer> {
  const socket = connectLive(url, auth);
  const v: RecordedViewer = {
    socket,
    hello: undefined,
    ticks: [],
    alerts: [],
    lastSeq: () => v.ticks.at(-1)?.seq ?? auth.lastSeq ?? 0,
    close: () => socket.close(),
  };
  socket.on('hello', (h) => {
    v.hello = h;
  });
  socket.on('tick', (t) => v.ticks.push(t));
  socket.on('alert', (e) => v.alerts.push(e));
  await connected(socket);
  await waitFor(() => v.hello);
  return v;
}

/** Seqs that go up by exactly one: no gap, no duplicate, no reordering. */
export function expectConsecutive(seqs: readonly number[]): void {
  const first = seqs[0] ?? 0;
  expect(seqs).toEqual(seqs.map((_, i) => first + i));
}
