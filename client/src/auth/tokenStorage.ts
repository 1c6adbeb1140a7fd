/**
 * Tokens kept on the device. A wall display takes its viewer token once (from the URL) and keeps it
 * forever; an operator's token is asked for once and kept until they choose to forget it.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const VIEWER_TOKEN_KEY = 'gigawatt.viewerToken';
export const OPERATOR_TOKEN_KEY = 'gigawatt.operatorToken';
export const OPERATOR_NAME_KEY = 'gigawatt.operatorName';

/** localStorage when it works (private modes and kiosk policies may forbid it), else memory. */
export function deviceStorage(): KeyValueStorage {
  const memory = new Map<string, string>();
  const fallback: KeyValueStorage = {
    getItem: (k) => memory.get(k) ?? null,
    setItem: (k, v) => {
      memory.set(k, v);
    },
    removeItem: (k) => {
      memory.delete(k);
    },
  };
  try {
    const ls = globalThis.localStorage;
    if (!ls) return fallback;
    const probe = '__gigawatt_probe__';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return {
      getItem: (k) => {
        try {
          return ls.getItem(k) ?? memory.get(k) ?? null;
        } catch {
          return memory.get(k) ?? null;
        }
      },
      setItem: (k, v) => {
        memory.set(k, v);
        try {
          ls.setItem(k, v);
        } catch {
          // quota or policy: the memory copy still serves this page's lifetime
        }
      },
      removeItem: (k) => {
        memory.delete(k);
        try {
          ls.removeItem(k);
        } catch {
          // as above
        }
      },
    };
  } catch {
    return fallback;
  }
}

/**
 * Takes `?token=` out of the URL into storage (so it does not sit in the address bar, screenshots or
 * shared links) and returns the token to use: the new one, or the one stored earlier. An empty
 * `?token=` forgets the stored token.
 */
export function takeViewerToken(
  href: string,
  storage: KeyValueStorage,
): { token: string | undefined; cleanedHref: string | null } {
  const url = new URL(href);
  const given = url.searchParams.get('token');
  let cleanedHref: string | null = null;
  if (given !== null) {
    const token = given.trim();
    if (token) storage.setItem(VIEWER_TOKEN_KEY, token);
    else storage.removeItem(VIEWER_TOKEN_KEY);
    url.searchParams.delete('token');
    cleanedHref = `${url.pathname}${url.search}${url.hash}`;
  }
  const stored = storage.getItem(VIEWER_TOKEN_KEY);
  return { token: stored ? stored : undefined, cleanedHref };
}
