import type { FleetIndex } from '@gigawatt/shared';
import { formatGpus, formatMw, formatPct, formatUsdPerHour } from '../format/format.ts';
import { annualize, powerHeadroom, spreadAcross } from './execFigures.ts';
import { formatUsdPerYear } from './formatExec.ts';
import type { ScopeFigures } from './scopeFigures.ts';

interface StoryLineProps {
  label: string;
  figures: ScopeFigures;
  sites: ReadonlyMap<string, ScopeFigures>;
  index: FleetIndex;
}

/** The five-second answer in one sentence: what it earns, what idle capacity could add, how tight power is. */
export function StoryLine({ label, figures: f, sites, index }: StoryLineProps) {
  if (!Number.isFinite(f.revenue)) return null;
  const tight = spreadAcross(
    [...sites].map(([id, x]) => ({ id, value: powerHeadroom(x.facility, x.capMw).pct })),
    'low',
  );
  const tightSite = tight ? sites.get(tight.worstId) : undefined;
  return (
    <p className="xstory" data-story="">
      {label} earns <strong>{formatUsdPerHour(f.revenue)}</strong> ({formatUsdPerYear(annualize(f.revenue))})
      renting <strong>{formatPct(f.total > 0 ? (f.rented / f.total) * 100 : Number.NaN, 1)}</strong> of its
      GPUs; <strong>{formatGpus(f.idle)}</strong> idle could add{' '}
      <strong>{formatUsdPerHour(f.idleRevenue)}</strong>. Utilization <strong>{formatPct(f.util, 1)}</strong>.
      {tight && tightSite && sites.size > 1 ? (
        <>
          {' '}
          Tightest power: <strong>{index.site(tight.worstId)?.name ?? tight.worstId}</strong> at{' '}
          {formatPct(tight.min, 1)} headroom (
          {formatMw(powerHeadroom(tightSite.facility, tightSite.capMw).mw)}).
        </>
      ) : null}
    </p>
  );
}
