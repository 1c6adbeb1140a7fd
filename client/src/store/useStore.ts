import { createContext, createElement, type ReactNode, useContext } from 'react';
import { useStore as useZustandStore } from 'zustand';
import type { TelemetrySource } from '../sources/TelemetrySource.ts';
import type { DashboardState, DashboardStore } from './createDashboardStore.ts';
import type { HistoryFiller } from './createHistoryFiller.ts';

/** What views need from outside React: the store, its history filler and the current source. */
export interface Services {
  store: DashboardStore;
  history: HistoryFiller;
  source: TelemetrySource;
  /** The viewer token this device uses (from `?token=` or storage), for API calls beyond the source. */
  viewerToken?: string | undefined;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return createElement(ServicesContext.Provider, { value: services }, children);
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside <ServicesProvider>');
  return s;
}

/**
 * Reads the store through a selector and re-renders when the selected value changes (Object.is).
 * For values that change at 1 Hz (headline figures); charts subscribe to the store directly.
 */
export function useStore<T>(selector: (s: DashboardState) => T): T {
  return useZustandStore(useServices().store, selector);
}
