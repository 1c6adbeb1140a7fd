import { useMemo, useSyncExternalStore } from 'react';
import { locationSnapshot, subscribeLocation } from './navigation.ts';
import { parseRoute, type Route } from './parseRoute.ts';

const serverSnapshot = (): string => '/';

export function useRoute(): Route {
  const loc = useSyncExternalStore(subscribeLocation, locationSnapshot, serverSnapshot);
  return useMemo(() => {
    const q = loc.indexOf('?');
    return q < 0 ? parseRoute(loc) : parseRoute(loc.slice(0, q), loc.slice(q));
  }, [loc]);
}
