import { useSyncExternalStore } from 'react';
import { subscribeLocation } from './navigation.ts';

const search = (): string => window.location.search;
const serverSearch = (): string => '';

/** The query string, re-read on every in-app navigation and on back/forward. */
export function useLocationSearch(): string {
  return useSyncExternalStore(subscribeLocation, search, serverSearch);
}
