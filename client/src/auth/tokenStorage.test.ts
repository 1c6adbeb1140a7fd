import { describe, expect, it } from 'vitest';
import { type KeyValueStorage, takeViewerToken, VIEWER_TOKEN_KEY } from './tokenStorage.ts';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      data.set(k, v);
    },
    removeItem: (k) => {
      data.delete(k);
    },
  };
}

describe('takeViewerToken', () => {
  it('stores a token from the URL and cleans the URL', () => {
    const s = memoryStorage();
    const r = takeViewerToken('http://h/wall?rotate=30s&token=abc123&page=ohio#x', s);
    expect(r).toEqual({ token: 'abc123', cleanedHref: '/wall?rotate=30s&page=ohio#x' });
    expect(s.data.get(VIEWER_TOKEN_KEY)).toBe('abc123');
  });
  it('reuses a stored token forever and leaves a clean URL alone', () => {
    const s = memoryStorage();
    s.setItem(VIEWER_TOKEN_KEY, 'kept');
    expect(takeViewerToken('http://h/wall', s)).toEqual({ token: 'kept', cleanedHref: null });
  });
  it('replaces a stored token with a new one, and forgets it on an empty token', () => {
    const s = memoryStorage();
    s.setItem(VIEWER_TOKEN_KEY, 'old');
    expect(takeViewerToken('http://h/?token=new', s).token).toBe('new');
    expect(takeViewerToken('http://h/?token=', s)).toEqual({ token: undefined, cleanedHref: '/' });
  });
});
