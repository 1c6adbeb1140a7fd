import type { Ack } from '@gigawatt/shared';

type AckFn = (ack: Ack) => void;

/**
 * socket.io appends the ack callback after whatever arguments the client sent, so a client that sends
 * no payload, or two, moves the callback out of a handler's `ack` parameter and its request is never
 * answered (emitWithAck hangs). This takes the callback from the end and answers any argument count
 * other than one with an error.
 */
export function ackedHandler(event: string, handle: (payload: unknown) => Ack): (...args: unknown[]) => void {
  return (...args) => {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as AckFn) : undefined;
    const payloads = ack ? args.slice(0, -1) : args;
    if (payloads.length !== 1) {
      ack?.({ ok: false, error: `${event} takes one argument, got ${payloads.length}` });
      return;
    }
    const answer = handle(payloads[0]);
    ack?.(answer);
  };
}

interface AnyListener {
  onAny(listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** An event nobody handles still gets an answer when the client waits for one. */
export function answerUnknownEvents(socket: AnyListener, known: readonly string[]): void {
  socket.onAny((event, ...args) => {
    if (typeof event === 'string' && known.includes(event)) return;
    const last = args.at(-1);
    if (typeof last !== 'function') return;
    const name = String(event);
    (last as AckFn)({
      ok: false,
      error: `unknown event "${name.length > 40 ? `${name.slice(0, 40)}…` : name}" (expected ${known.join(' or ')})`,
    });
  });
}
