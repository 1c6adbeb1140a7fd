import { defaultFleet, encodeRackBlock, PROTOCOL_VERSION, protocolMismatch } from '@gigawatt/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeLiveSocket as FakeSocket, T0 } from '../testing/fakeLiveSocket.ts';
import { describeTelemetrySource } from '../testing/telemetrySourceContract.ts';
import { makeTick } from '../testing/testTicks.ts';
import { type LiveSocket, LiveSource } from './LiveSource.ts';
import type { SourceEvent } from './TelemetrySource.ts';

describe('LiveSource', () => {
  let socket: FakeSocket;
  let events: SourceEvent[];
  let source: LiveSource;
  let now: number;

  beforeEach(() => {
    vi.useFakeTimers();
    now = T0;
    events = [];
    source = new LiveSource({
      batchMs: 10,
      now: () => now,
      createSocket: (_url, auth) => {
        socket = new FakeSocket(auth);
        return socket as unknown as LiveSocket;
      },
    });
    source.start((e) => events.push(e));
  });
  afterEach(() => {
    source.stop();
    vi.useRealTimers();
  });

  const of = <T extends SourceEvent['type']>(type: T) =>
    events.filter((e): e is Extract<SourceEvent, { type: T }> => e.type === type);

  it('reports connecting, then live with the fleet after hello', () => {
    expect(source.capabilities.has('seek')).toBe(false);
    expect(of('status').map((e) => e.status)).toEqual(['connecting']);
    socket.open();
    expect(of('hello')[0]?.fleet.sites).toHaveLength(4);
    expect(source.status).toBe('live');
  });

  it('batches ticks, drops duplicates by seq and sends the newest seq on reconnect', () => {
    socket.open();
    socket.fire('tick', makeTick(defaultFleet, 1, T0));
    socket.fire('tick', makeTick(defaultFleet, 2, T0 + 1000));
    socket.fire('tick', makeTick(defaultFleet, 2, T0 + 1000));
    vi.advanceTimersByTime(20);
    expect(of('ticks').map((e) => e.ticks.map((t) => t.seq))).toEqual([[1, 2]]);
    socket.drop();
    expect(source.status).toBe('reconnecting');
    socket.open(2);
    expect(socket.authPayloads.at(-1)).toEqual({ protocol: PROTOCOL_VERSION, lastSeq: 2 });
  });

  it('reports a gap when a resume does not reach back far enough', () => {
    socket.open();
    socket.fire('tick', makeTick(defaultFleet, 1, T0));
    vi.advanceTimersByTime(20);
    socket.drop();
    socket.open(900);
    socket.fire('tick', makeTick(defaultFleet, 300, T0 + 600_000));
    socket.fire('tick', makeTick(defaultFleet, 301, T0 + 601_000));
    vi.advanceTimersByTime(20);
    expect(of('gap')).toEqual([{ type: 'gap', from: T0, to: T0 + 600_000 }]);
  });

  it('passes the server clock rate on with the hello', () => {
    socket.open(0, T0, 60);
    expect(of('hello')[0]?.clockRate).toBe(60);
  });

  it('resets when a reconnect lands on a server whose clock is behind the data held', () => {
    socket.open(0, T0 + 3_600_000, 200);
    socket.fire('tick', makeTick(defaultFleet, 10, T0 + 3_600_000));
    vi.advanceTimersByTime(300);
    socket.drop();
    // A fast-clock server restarted: its clock starts again from the wall clock, an hour "earlier".
    socket.open(5, T0, 200);
    socket.fire('tick', makeTick(defaultFleet, 6, T0 + 1000));
    vi.advanceTimersByTime(300);
    const kinds = events.map((e) => e.type).filter((t) => t !== 'status');
    expect(kinds).toEqual(['hello', 'ticks', 'reset', 'hello', 'ticks']);
    expect(
      of('ticks')
        .at(-1)
        ?.ticks.map((t) => t.seq),
    ).toEqual([6]);
    expect(of('gap')).toEqual([]);
  });

  it('hands ticks of a fast-clock server over a few times a second, not one by one', () => {
    socket.open(0, T0, 100);
    for (let i = 1; i <= 20; i++) {
      socket.fire('tick', makeTick(defaultFleet, i, T0 + i * 1000));
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(300);
    expect(of('ticks').length).toBeLessThanOrEqual(2);
    expect(of('ticks').flatMap((e) => e.ticks.map((t) => t.seq))).toHaveLength(20);
  });

  it('keeps asking after the server refuses the token, and recovers when it accepts', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    socket.refuse('unauthorized: a valid viewer token is required');
    expect(source.status).toBe('failed');
    expect(of('error')[0]).toMatchObject({ kind: 'auth' });
    vi.advanceTimersByTime(30_000);
    expect(socket.connectCalls).toBe(1);
    socket.open();
    expect(source.status).toBe('live');
    vi.restoreAllMocks();
  });

  it('names its protocol version in the handshake, and a refusal of it says to reload instead of retrying', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    socket.open();
    expect(socket.authPayloads.at(-1)).toMatchObject({ protocol: PROTOCOL_VERSION });
    // The server was upgraded during the outage: the reconnect is refused.
    socket.drop();
    const calls = socket.connectCalls;
    socket.refuse(`invalid handshake: protocol: ${protocolMismatch(PROTOCOL_VERSION + 1, 'server')}`);
    expect(source.status).toBe('failed');
    const error = of('error')[0];
    expect(error).toMatchObject({ kind: 'protocol' });
    expect(error?.message).toMatch(/^The server was upgraded: .*reload the page\.$/);
    vi.advanceTimersByTime(60_000);
    expect(socket.connectCalls).toBe(calls);
    vi.restoreAllMocks();
  });

  it('forwards valid alert events', () => {
    socket.open();
    const alert = {
      id: 'a1',
      rule: 'failed-gpus',
      severity: 'warning',
      scope: { site: 'ohio', hall: 'h11' },
      title: 'Ohio Hall 11: 61 failed GPUs',
      value: 61,
      threshold: 60,
      unit: 'GPUs',
      start: T0,
      state: 'raised',
    };
    socket.fire('alert', { kind: 'raised', alert });
    expect(of('alert')[0]?.event.alert.id).toBe('a1');
  });

  it('drops malformed payloads with a warning, not an error', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error');
    socket.open();
    const bad = makeTick(defaultFleet, 1, T0);
    bad.sites[0]!.gpuUtilPct = 250;
    socket.fire('tick', bad);
    socket.fire('tick', 'garbage');
    socket.fire('hello', { protocol: PROTOCOL_VERSION, serverTime: T0, fleet: defaultFleet, lastSeq: 0 });
    vi.advanceTimersByTime(20);
    expect(of('ticks')).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(of('error').at(-1)).toMatchObject({ kind: 'payload' });
    expect(error).not.toHaveBeenCalled();
    warn.mockRestore();
    error.mockRestore();
  });

  it('refuses a server with another protocol version', () => {
    socket.auth(() => {});
    socket.connected = true;
    socket.fire('hello', { protocol: PROTOCOL_VERSION + 1, serverTime: T0, fleet: {}, lastSeq: 0 });
    expect(source.status).toBe('failed');
    expect(of('error')[0]).toMatchObject({ kind: 'protocol' });
    expect(of('error')[0]?.message).toMatch(/protocol version/);
    expect(socket.connected).toBe(false);
  });

  it('goes stale after 5 s without ticks and live again when they resume', () => {
    socket.open();
    now += 6000;
    vi.advanceTimersByTime(1000);
    expect(source.status).toBe('stale');
    socket.fire('tick', makeTick(defaultFleet, 1, T0 + 6000));
    vi.advanceTimersByTime(20);
    expect(source.status).toBe('live');
  });

  it('replaces a connection that stays silent (half-open after a network change)', () => {
    socket.open();
    now += 16_000;
    vi.advanceTimersByTime(1000);
    expect(source.status).toBe('reconnecting');
    expect(socket.connectCalls).toBe(1);
    socket.open(0);
    expect(source.status).toBe('live');
  });

  it('reference-counts hall subscriptions, re-subscribes after reconnect and decodes racks', () => {
    socket.open();
    const release1 = source.subscribeHall({ site: 'ohio', hall: 'h1' });
    const release2 = source.subscribeHall({ site: 'ohio', hall: 'h1' });
    expect(socket.sent.filter((s) => s.event === 'subscribe')).toHaveLength(1);
    socket.fire(
      'racks',
      encodeRackBlock({
        site: 'ohio',
        hall: 'h1',
        t: T0,
        powerKw: new Float32Array([100, 120]),
        utilPct: new Float32Array([50, 60]),
        inletTempC: new Float32Array([22, 23]),
      }),
    );
    expect(Array.from(of('racks')[0]!.block.powerKw)).toEqual([100, 120]);
    socket.drop();
    socket.open();
    expect(socket.sent.filter((s) => s.event === 'subscribe')).toHaveLength(2);
    release1();
    release2();
    vi.advanceTimersByTime(1);
    expect(socket.sent.filter((s) => s.event === 'unsubscribe')).toHaveLength(1);
    // Racks of a hall nobody watches are ignored.
    socket.fire(
      'racks',
      encodeRackBlock({
        site: 'ohio',
        hall: 'h1',
        t: T0,
        powerKw: new Float32Array([1]),
        utilPct: new Float32Array([1]),
        inletTempC: new Float32Array([20]),
      }),
    );
    expect(of('racks')).toHaveLength(1);
  });

  it('validates history responses', async () => {
    const fetchOk = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            from: 0,
            to: 1,
            tier: '1s',
            stepMs: 1000,
            series: [{ id: 'fleet:pue', unit: '', t: [0], mean: [1.1], min: [1.1], max: [1.1] }],
          }),
        ),
    );
    const s = new LiveSource({ fetch: fetchOk });
    const res = await s.fetchHistory({
      series: ['fleet:pue', 'site:ohio:pue'],
      from: 0,
      to: 1,
      maxPoints: 10,
    });
    expect(res.series[0]?.mean).toEqual([1.1]);
    expect(String(fetchOk.mock.calls[0])).toContain('/api/history?series=fleet%3Apue%2Csite%3Aohio%3Apue');
    const fetchBad = vi.fn(
      async () => new Response(JSON.stringify({ error: 'unknown series' }), { status: 400 }),
    );
    await expect(
      new LiveSource({ fetch: fetchBad }).fetchHistory({ series: ['x'], from: 0, to: 1, maxPoints: 1 }),
    ).rejects.toThrow(/400.*unknown series/);
  });

  it("reads the columnar answer (format 2): shared times, or a series' own", async () => {
    const answer = (body: unknown) =>
      new LiveSource({ fetch: async () => new Response(JSON.stringify(body)) });
    const q = { series: ['fleet:pue', 'site:ohio:pue'], from: 0, to: 2000, maxPoints: 10 };
    const res = await answer({
      format: 2,
      from: 0,
      to: 2000,
      tier: '1s',
      stepMs: 1000,
      t: [0, 1000, 2000],
      series: [
        { id: 'fleet:pue', unit: '', mean: [1.1, 1.2, 1.3], min: [1, 1.1, 1.2], max: [1.2, 1.3, 1.4] },
        { id: 'site:ohio:pue', unit: '', t: [1000], mean: [1.5], min: [1.5], max: [1.5] },
      ],
    }).fetchHistory(q);
    expect(res.series.map((s) => [s.id, s.t, s.mean])).toEqual([
      ['fleet:pue', [0, 1000, 2000], [1.1, 1.2, 1.3]],
      ['site:ohio:pue', [1000], [1.5]],
    ]);
    // A column that does not line up with its times is refused, not drawn shifted.
    await expect(
      answer({
        format: 2,
        from: 0,
        to: 2000,
        tier: '1s',
        stepMs: 1000,
        t: [0, 1000],
        series: [{ id: 'fleet:pue', unit: '', mean: [1.1], min: [1.1], max: [1.1] }],
      }).fetchHistory(q),
    ).rejects.toThrow(/malformed.*series\.0\.mean/);
    // A format this client does not know is refused by name.
    await expect(answer({ format: 3, from: 0, to: 1 }).fetchHistory(q)).rejects.toThrow(/malformed.*format/);
  });
});

describeTelemetrySource('LiveSource', () => {
  vi.useFakeTimers();
  let socket: FakeSocket | null = null;
  const source = new LiveSource({
    batchMs: 5,
    createSocket: (_url, auth) => {
      socket = new FakeSocket(auth);
      return socket as unknown as LiveSocket;
    },
  });
  return {
    source,
    afterStart: () => socket?.open(),
    deliver: (seq, t) => socket?.fire('tick', makeTick(defaultFleet, seq, t)),
    settle: () => {
      vi.advanceTimersByTime(20);
    },
    dispose: () => vi.useRealTimers(),
  };
});
