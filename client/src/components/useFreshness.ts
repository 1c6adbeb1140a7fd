import { type Freshness, serverTimeAt, siteFreshness } from '../store/freshness.ts';
import { useStore } from '../store/useStore.ts';
import { type ConnectionLabel, displayLabel } from './connectionLabel.ts';
import { useNow } from './useNow.ts';

/** The server's clock now, refreshed once a second. */
export function useServerNow(): number {
  const wall = useNow();
  const clock = useStore((s) => s.clock);
  return serverTimeAt(clock, wall);
}

/** Age and staleness of a site's newest sample; null before its first sample. */
export function useSiteFreshness(siteId: string): Freshness | null {
  const sampleT = useStore((s) => s.sites.get(siteId)?.t ?? null);
  const tickT = useStore((s) => s.latest?.t ?? null);
  const rate = useStore((s) => s.clock?.rate ?? 1);
  const now = useServerNow();
  return sampleT === null ? null : siteFreshness(sampleT, tickT, now, rate);
}

function newestSampleT(sites: ReadonlyMap<string, { t: number }>): number | null {
  let t: number | null = null;
  for (const s of sites.values()) if (t === null || s.t > t) t = s.t;
  return t;
}

/** LIVE, RECONNECTING, STALE or REPLAY, judged from the connection and the age of the data. */
export function useConnectionLabel(): ConnectionLabel {
  const status = useStore((s) => s.status);
  const sampleT = useStore((s) => newestSampleT(s.sites));
  const tickT = useStore((s) => s.latest?.t ?? null);
  const rate = useStore((s) => s.clock?.rate ?? 1);
  const now = useServerNow();
  return displayLabel(status, sampleT, tickT, now, rate);
}

/** Server ms since the newest sample of any site (null before data). */
export function useNewestSampleAge(): number | null {
  const sampleT = useStore((s) => newestSampleT(s.sites));
  const now = useServerNow();
  return sampleT === null ? null : Math.max(0, now - sampleT);
}
