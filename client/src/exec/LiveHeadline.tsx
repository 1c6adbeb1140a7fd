import type { FleetIndex } from '@gigawatt/shared';
import { useCallback } from 'react';
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

/** The one-sentence story and the roll-up's cards, updated every tick. */
export function LiveHeadline(p: LiveHeadlineProps) {
  const { index } = p;
  const capOf = useCallback((s: Scope) => capOfSites(index, s.siteIds), [index]);
  const live = useLiveFigures(p.index, p.rollup, p.siteIds);
  const snap = useExecSnapshot(p.data);
  return (
    <section className="xsection" aria-labelledby="xh-now" data-scope-label={p.rollup.label}>
      <StoryLine label={p.rollup.label} figures={live.rollup} sites={live.sites} index={p.index} />
      <div className="xsection-head">
        <h2 id="xh-now" className="xsection-title">
          {p.rollup.label} now
        </h2>
        <FiguresCsvButton data={p.data} scopes={p.scopes} capOf={capOf} fileStem={p.fileStem} />
      </div>
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
    </section>
  );
}
