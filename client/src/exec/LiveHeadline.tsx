import type { FleetIndex } from '@gigawatt/shared';
import { useCallback } from 'react';
import { SiteFreshness } from '../components/SiteFreshness.tsx';
import { formatClock } from '../format/format.ts';
import { useScopeFreshness } from '../store/useHeadline.ts';
import type { Scope } from './buildScopeSeries.ts';
import type { ExecData } from './createExecData.ts';
import type { FigureId } from './execUrl.ts';
import { FiguresCsvButton } from './FiguresCsvButton.tsx';
import { HeadlineFigures } from './HeadlineFigures.tsx';
import { StoryLine } from './StoryLine.tsx';
import { capOf as capOfSites } from './scopeFigures.ts';
import { useExecSnapshot } from './useExecData.ts';
import { useLiveFigures } from './useLiveFigures.ts';

interface LiveHeadlineProps {
  index: FleetIndex;
  rollup: Scope;
  /** Every scope with sparklines: the roll-up, then each site. */
  scopes: readonly Scope[];
  siteIds: readonly string[];
  shown: ReadonlySet<FigureId>;
  data: ExecData;
  rangeText: string;
  fileStem: string;
}

/**
 * The one-sentence story and the roll-up's cards, updated every tick. Once a feed of the scope stops,
 * the figures are not "now": greyed, titled with the moment they froze.
 */
export function LiveHeadline(p: LiveHeadlineProps) {
  const { index } = p;
  const capOf = useCallback((s: Scope) => capOfSites(index, s.siteIds), [index]);
  const live = useLiveFigures(p.index, p.rollup, p.siteIds);
  const snap = useExecSnapshot(p.data);
  const freshness = useScopeFreshness(p.rollup.siteIds);
  const stale = freshness?.stale ?? false;
  return (
    <section
      className={`xsection${stale ? ' is-stale' : ''}`}
      aria-labelledby="xh-now"
      data-scope-label={p.rollup.label}
      data-stale={stale}
    >
      <div className="stale-dim">
        <StoryLine label={p.rollup.label} figures={live.rollup} sites={live.sites} index={p.index} />
      </div>
      <div className="xsection-head">
        <h2 id="xh-now" className="xsection-title">
          {stale && freshness
            ? `${p.rollup.label} as of ${formatClock(freshness.since)}`
            : `${p.rollup.label} now`}
        </h2>
        {stale ? <SiteFreshness freshness={freshness} className="xfreshness" /> : null}
        <FiguresCsvButton data={p.data} scopes={p.scopes} capOf={capOf} fileStem={p.fileStem} />
      </div>
      <div className="stale-dim">
        <HeadlineFigures
          scope={p.rollup}
          figures={live.rollup}
          sites={live.sites}
          index={p.index}
          shown={p.shown}
          data={p.data}
          snap={snap}
          rangeText={p.rangeText}
        />
      </div>
    </section>
  );
}
