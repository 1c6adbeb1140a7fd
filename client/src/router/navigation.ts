import { carryReplayParams } from './replayUrl.ts';

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

export interface NavigateOptions {
  replace?: boolean;
  /**
   * Replay mode is app-wide: by default a target without `rec` keeps the current recording, playhead
   * and speed (the site links, the exec controls). False leaves replay ("back to live").
   */
  keepReplay?: boolean;
}

export function navigate(href: string, options: NavigateOptions = {}): void {
  const target = options.keepReplay === false ? href : carryReplayParams(href, window.location.search);
  const url = new URL(target, window.location.href);
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
