import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, siteHref } from './parseRoute.ts';

describe('parseRoute', () => {
  it('parses the fleet overview', () => {
    expect(parseRoute('/')).toEqual({ name: 'fleet' });
    expect(parseRoute('/index.html')).toEqual({ name: 'fleet' });
  });

  it('parses a site with its view state from the query', () => {
    expect(parseRoute('/site/ohio', '?hall=h11&color=temp')).toEqual({
      name: 'site',
      siteId: 'ohio',
      hall: 'h11',
      color: 'temp',
    });
    expect(parseRoute('/site/ohio/', '')).toEqual({
      name: 'site',
      siteId: 'ohio',
      hall: null,
      color: 'power',
    });
  });

  it('falls back to defaults for unknown query values', () => {
    expect(parseRoute('/site/texas', 'color=purple&hall=')).toEqual({
      name: 'site',
      siteId: 'texas',
      hall: null,
      color: 'power',
    });
  });

  it('parses the wall with its options', () => {
    expect(parseRoute('/wall', '?rotate=2s&page=ohio')).toEqual({
      name: 'wall',
      search: 'rotate=2s&page=ohio',
    });
    expect(parseRoute('/wall/')).toEqual({ name: 'wall', search: '' });
  });

  it('recognises planned routes and unknown paths', () => {
    expect(parseRoute('/replay')).toEqual({ name: 'replay', rec: false });
    expect(parseRoute('/replay', '?rec=cap-1&t=2026-11-23T14:05:09Z')).toEqual({ name: 'replay', rec: true });
    expect(parseRoute('/nope')).toEqual({ name: 'notFound', path: '/nope' });
    expect(parseRoute('/site/')).toEqual({ name: 'notFound', path: '/site/' });
    expect(parseRoute('/site/%E0%A4%A')).toEqual({ name: 'notFound', path: '/site/%E0%A4%A' });
    expect(parseRoute('/site/a/b')).toEqual({ name: 'notFound', path: '/site/a/b' });
  });

  it('round-trips through formatRoute', () => {
    for (const url of [
      '/',
      '/site/ohio',
      '/site/ohio?hall=h11',
      '/site/ohio?hall=h2&color=temp',
      '/wall',
      '/wall?rotate=30s&theme=light',
    ]) {
      const [p, q] = url.split('?');
      expect(formatRoute(parseRoute(p!, q ?? ''))).toBe(url);
    }
    expect(siteHref('ohio', 'h11', 'temp')).toBe('/site/ohio?hall=h11&color=temp');
  });
});
