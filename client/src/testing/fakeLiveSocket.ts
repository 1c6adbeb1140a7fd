import { defaultFleet, PROTOCOL_VERSION } from '@gigawatt/shared';

export const T0 = 1_760_000_000_000;

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket to drive LiveSource. */
export class FakeLiveSocket {
  handlers = new Map<string, Handler[]>();
  sent: Array<{ event: string; args: unknown[] }> = [];
  connected = false;
  active = true;
  authPayloads: object[] = [];
  constructor(readonly auth: (cb: (data: object) => void) => void) {}
  on(event: string, h: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), h]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    this.sent.push({ event, args });
    const ack = args[1];
    if (typeof ack === 'function') ack({ ok: true });
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  /** Simulates a (re)connect: runs the auth callback, then the server's hello. */
  open(lastSeq = 0, serverTime = T0, clockRate = 1) {
    this.auth((data) => this.authPayloads.push(data));
    this.connected = true;
    this.active = true;
    this.fire('connect');
    this.fire('hello', {
      protocol: PROTOCOL_VERSION,
      serverTime,
      fleet: defaultFleet,
      lastSeq,
      alerts: [],
      clockRate,
    });
  }
  /** The server's middleware refuses the handshake (socket.io then stops retrying by itself). */
  refuse(message: string) {
    this.connected = false;
    this.active = false;
    this.fire('connect_error', new Error(message));
  }
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  connectCalls = 0;
  connect() {
    this.connectCalls++;
  }
  disconnect() {
    this.connected = false;
  }
  removeAllListeners() {
    this.handlers.clear();
  }
}
