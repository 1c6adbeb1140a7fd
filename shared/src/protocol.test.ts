import { describe, expect, it } from 'vitest';
import { API_PATHS, liveAuthSchema, PROTOCOL_VERSION, protocolMismatch, withQuery } from './protocol.ts';

describe('protocolMismatch', () => {
  it('accepts the same version and a peer that names none', () => {
    for (const v of [
      PROTOCOL_VERSION,
      String(PROTOCOL_VERSION),
      ` ${PROTOCOL_VERSION} `,
      undefined,
      null,
      '',
    ])
      expect(protocolMismatch(v, 'server')).toBeNull();
  });

  it('says what to do about another version, from either side', () => {
    expect(protocolMismatch(PROTOCOL_VERSION + 1, 'client')).toMatch(
      new RegExp(`server was upgraded: it speaks protocol version ${PROTOCOL_VERSION + 1}.*reload the page`),
    );
    expect(protocolMismatch(0, 'server')).toMatch(/this page speaks version 0; reload the page/);
    expect(protocolMismatch('banana', 'server')).toMatch(/"banana"/);
    expect(protocolMismatch('x'.repeat(10_000), 'server')!.length).toBeLessThan(200);
  });
});

describe('liveAuthSchema', () => {
  it('refuses a handshake naming another protocol version', () => {
    expect(liveAuthSchema.safeParse({ protocol: PROTOCOL_VERSION }).success).toBe(true);
    expect(liveAuthSchema.safeParse({}).success).toBe(true);
    const r = liveAuthSchema.safeParse({ protocol: PROTOCOL_VERSION + 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/reload the page/);
  });
});

describe('API_PATHS', () => {
  it('encodes ids, so an id cannot reach another endpoint', () => {
    expect(API_PATHS.alertAck('a/b?c')).toBe('/api/alerts/a%2Fb%3Fc/ack');
    expect(API_PATHS.recordingFile('../x')).toBe('/api/recordings/..%2Fx/file');
    expect(API_PATHS.recordingExportCsv('cap-1')).toBe('/api/recordings/cap-1/export.csv');
  });

  it('adds a query, leaving out what is undefined', () => {
    expect(withQuery(API_PATHS.alerts, { limit: 100, x: undefined })).toBe('/api/alerts?limit=100');
    expect(withQuery(API_PATHS.fleet, {})).toBe('/api/fleet');
    expect(withQuery(API_PATHS.history, { series: 'a,b' })).toBe('/api/history?series=a%2Cb');
  });
});
