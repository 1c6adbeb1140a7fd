import { io } from 'socket.io-client';
import type { IngestSocket, PublishClock } from '../producer/ingestSession.ts';

/*
 * Test helpers (imported by tests only): a producer whose virtual seconds run a script, so a test can
 * cut the server off before second k and bring it back before second m, and wait for real I/O meanwhile.
 */

export interface ScriptedProducer {
  clock: PublishClock;
  /** socket.io client to /ingest that reconnects within milliseconds (the default waits 1–5 s). */
  connect: (url: string, token: string) => IngestSocket;
}

/**
 * Virtual wall clock starting at `start`: its k-th sleep (the one before second k) lets real I/O run for
 * a moment, then awaits before(k, socket), then advances.
 */
export function scriptedProducer(
  start: number,
  before: (k: number, socket: IngestSocket) => void | Promise<void>,
): ScriptedProducer {
  let now = start;
  let k = 0;
  let socket: IngestSocket | undefined;
  return {
    clock: {
      now: () => now,
      sleep: async (ms) => {
        await new Promise((r) => setTimeout(r, 3));
        k++;
        if (socket) await before(k, socket);
        now += ms;
      },
    },
    connect: (url, token) => {
      socket = io(`${url}/ingest`, {
        auth: { token },
        transports: ['websocket'],
        reconnectionDelay: 10,
        reconnectionDelayMax: 20,
      });
      return socket;
    },
  };
}

/** Resolves once cond() holds; fails after timeoutMs saying what it waited for. */
export async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
