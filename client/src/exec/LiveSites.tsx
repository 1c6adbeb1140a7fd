import type { FleetConfig, FleetIndex } from '@gigawatt/shared';
import type { Scope } from './buildScopeSeries.ts';
import type { ExecData } from './createExecData.ts';
import type { FigureId } from './execUrl.ts';
import { SiteCard } from './SiteCard.tsx';
import { useExecSnapshot } from './useExecData.ts';
import { useLiveFigures } from './useLiveFigures.ts';

interface LiveSitesProps {
  fleet: FleetConfig;
  index: FleetIndex;
  rollup: Scope;
  siteIds: readonly string[];
  shown: ReadonlySet<FigureId>;
  data: ExecData;
  rangeText: string;
}

/** One card per selected site, updated every tick. */
export function LiveSites(p: LiveSitesProps) {
  const live = useLiveFigures(p.index, p.rollup, p.siteIds);
  const snap = useExecSnapshot(p.data);
  const largest = Math.max(
    1,
    ...[...live.sites.values()].map((f) => (Number.isFinite(f.total) ? f.total : 0)),
  );
  return (
    <section className="xsection" aria-labelledby="xh-sites">
      <h2 id="xh-sites" className="xsection-title">
        Sites
      </h2>
      <div className="xsites">
        {p.siteIds.map((id) => {
          const site = p.fleet.sites.find((s) => s.id === id);
          const f = live.sites.get(id);
          if (!site || !f) return null;
          return (
            <SiteCard
              key={id}
              site={site}
              scopeId={`site:${id}`}
              figures={f}
              shown={p.shown}
              data={p.data}
              snap={snap}
              rangeText={p.rangeText}
              scale={Number.isFinite(f.total) ? f.total / largest : 1}
            />
          );
        })}
      </div>
    </section>
  );
}
