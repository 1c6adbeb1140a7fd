import { describe, expect, it } from 'vitest';
import { DEFAULT_LIVE_TRANSPORTS, liveTransportsFromUrl } from './liveTransports.ts';

describe('liveTransportsFromUrl', () => {
  it('pins one transport when the URL asks for it', () => {
    expect(liveTransportsFromUrl('?transport=polling')).toEqual(['polling']);
    expect(liveTransportsFromUrl('transport=websocket&hall=h1')).toEqual(['websocket']);
    expect(liveTransportsFromUrl('?transport=%20Polling%20')).toEqual(['polling']);
  });

  it('keeps WebSocket with the polling fallback otherwise', () => {
    for (const search of [
      '',
      '?',
      '?transport=',
      '?transport=webtransport',
      '?transport=polling,websocket',
    ]) {
      expect(liveTransportsFromUrl(search)).toEqual(DEFAULT_LIVE_TRANSPORTS);
    }
    expect(DEFAULT_LIVE_TRANSPORTS).toEqual(['websocket', 'polling']);
  });
});
