/** The socket.io transports a LiveSource may use. */
export type LiveTransport = 'websocket' | 'polling';

/**
 * Default: WebSocket first (no sticky sessions needed behind several nodes), long-polling only where
 * WebSocket is blocked.
 */
export const DEFAULT_LIVE_TRANSPORTS: readonly LiveTransport[] = ['websocket', 'polling'];

/**
 * `?transport=polling` or `?transport=websocket` pins the live connection to that one transport: for a
 * network whose proxy breaks WebSocket in ways the fallback does not notice, and to see (and test) the
 * dashboard on long-polling alone. Anything else, or nothing, keeps the default.
 */
export function liveTransportsFromUrl(search: string): readonly LiveTransport[] {
  const t = new URLSearchParams(search).get('transport')?.trim().toLowerCase();
  return t === 'polling' || t === 'websocket' ? [t] : DEFAULT_LIVE_TRANSPORTS;
}
