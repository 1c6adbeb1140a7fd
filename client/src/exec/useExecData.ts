import type { FleetConfig, FleetIndex } from '@gigawatt/shared';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useController } from '../session/ReplayContext.tsx';
import { serverNow } from '../store/createDashboardStore.ts';
import { useServices } from '../store/useStore.ts';
import type { Scope } from './buildScopeSeries.ts';
import { createExecData, type ExecData, type ExecSnapshot } from './createExecData.ts';
import type { ExecRange } from './execUrl.ts';

/**
 * The range data for the current URL: a new controller when the range or the sites change (charts
 * follow it through their `data` prop), kept live from the dashboard store's ticks.
 */
export function useExecData(
  fleet: FleetConfig,
  index: FleetIndex,
  range: ExecRange,
  scopes: readonly Scope[],
): ExecData {
  const { store, source } = useServices();
  // A recording holds nothing before its first second: ranges are measured from there (createExecData).
  const dataFrom = useController()?.playback.recording.start;
  const previous = useRef<ExecData | null>(null);
  const rangeKey = range.kind === 'preset' ? range.preset : `${range.from}-${range.to}`;
  const scopesKey = scopes.map((s) => `${s.id}=${s.siteIds.join('+')}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the range's and scopes' identity, not their object identity.
  const data = useMemo(
    () =>
      createExecData({
        fleet,
        index,
        range,
        scopes,
        fetchHistory: (q, signal) => source.fetchHistory(q, signal),
        now: () => serverNow(store),
        subscribeTicks: (onTick) =>
          store.subscribe((s, prev) => {
            if (s.latest && s.latest !== prev.latest) onTick(s.latest);
          }),
        widths: previous.current?.widths(),
        dataFrom,
      }),
    [fleet, index, rangeKey, scopesKey, store, source, dataFrom],
  );
  useEffect(() => {
    previous.current = data;
    data.start();
    return () => data.stop();
  }, [data]);
  // After a reconnect the live stream may have a hole; the server's history does not.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.status === 'live' && prev.status !== 'live' && prev.status !== 'connecting') data.refetch();
      }),
    [store, data],
  );
  return data;
}

/** The whole snapshot: re-renders on every live tick (figures, not charts). */
export function useExecSnapshot(data: ExecData): ExecSnapshot {
  return useSyncExternalStore(data.subscribe, data.getSnapshot, data.getSnapshot);
}

/** Only what changes when a fetch lands or fails: for parts of the page that must not render per tick. */
export function useExecStatus(data: ExecData): {
  status: ExecSnapshot['status'];
  error: string | null;
  fetches: number;
} {
  const key = useSyncExternalStore(
    data.subscribe,
    () => statusKey(data.getSnapshot()),
    () => statusKey(data.getSnapshot()),
  );
  const snap = data.getSnapshot();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key captures every field returned.
  return useMemo(() => ({ status: snap.status, error: snap.error, fetches: snap.fetches }), [key]);
}

const statusKey = (s: ExecSnapshot) => `${s.status}|${s.fetches}|${s.error ?? ''}`;
