/**
 * A tiny history router: the URL is the single source of view state, read with
 * useSyncExternalStore and changed with history.pushState.
 */
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

let listening = false;

export function subscribeLocation(listener: () => void): () => void {
  if (!listening && typeof window !== 'undefined') {
    window.addEventListener('popstate', notify);
    listening = true;
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function locationSnapshot(): string {
  return `${window.location.pathname}${window.location.search}`;
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const url = new URL(href, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  const next = `${url.pathname}${url.search}${url.hash}`;
  if (next === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
  if (options.replace) window.history.replaceState(null, '', next);
  else window.history.pushState(null, '', next);
  notify();
}
