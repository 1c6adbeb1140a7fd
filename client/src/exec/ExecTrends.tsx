import type { FleetConfig } from '@gigawatt/shared';
import { memo, useMemo } from 'react';
import { formatNumber } from '../format/format.ts';
import type { Scope } from './buildScopeSeries.ts';
import { siteColor } from './chartColors.ts';
import type { ExecData } from './createExecData.ts';
import { type FigureView, IDLE_REVENUE, POWER_OF_CAP, REVENUE, UTIL } from './figureViews.ts';
import { type ChartLine, RangeChart } from './RangeChart.tsx';
import { SiteComparison } from './SiteComparison.tsx';
import { useNarrow } from './useNarrow.ts';

interface ExecTrendsProps {
  fleet: FleetConfig;
  rollup: Scope;
  sites: readonly Scope[];
  data: ExecData;
  fetches: number;
  /** "last 24 h" */
  rangeText: string;
  /** "24h" or "custom": for file names. */
  rangeSlug: string;
}

/** "$800k", "$1.2M": money on an axis. */
export function usdAxis(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `$${formatNumber(v / 1e6, a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `$${formatNumber(v / 1e3, 0)}k`;
  return `$${formatNumber(v, 0)}`;
}
const pctAxis = (v: number): string => `${formatNumber(v, Number.isInteger(v) ? 0 : 1)} %`;

const CAP_LINE = { value: 100, label: 'Cap (100 %)' };

/**
 * Revenue, utilization and power against the cap over the range, and GPUs by site. Memoised: none of
 * it renders per tick (the charts redraw from their subscriptions).
 */
/** The lines of the three range charts: the roll-up with its band, then each site when there are several. */
function chartLines(fleet: FleetConfig, rollup: Scope, sites: readonly Scope[], narrow: boolean) {
  const perSite = sites.length > 1;
  const capOf = (ids: readonly string[]) =>
    fleet.sites.filter((s) => ids.includes(s.id)).reduce((a, s) => a + s.powerCapMw, 0);
  const siteLines = (view: FigureView, withCap: boolean): ChartLine[] =>
    perSite
      ? sites.map((s) => ({
          key: s.id,
          name: s.label,
          scopeLabel: s.label,
          view,
          scopeId: s.id,
          capMw: withCap ? capOf(s.siteIds) : 0,
          band: false,
          color: siteColor(fleet.sites.findIndex((x) => x.id === s.siteIds[0])),
          width: 1.25,
        }))
      : [];
  // Bands exist where the roll-up is a stored series: one site, or the whole fleet.
  const band = rollup.siteIds.length === 1 || rollup.siteIds.length === fleet.sites.length;
  const main = (view: FigureView, withCap: boolean): ChartLine => ({
    key: 'fleet',
    name: rollup.label,
    scopeLabel: rollup.label,
    view,
    scopeId: rollup.id,
    capMw: withCap ? capOf(rollup.siteIds) : 0,
    band,
    color: null,
    width: 2,
  });
  return {
    revenue: [
      main(REVENUE, false),
      {
        key: 'idle',
        name: `${rollup.label} idle capacity at today’s prices`,
        scopeLabel: rollup.label,
        view: IDLE_REVENUE,
        scopeId: rollup.id,
        capMw: 0,
        band: false,
        color: '#e69f00',
        dashed: true,
      },
    ],
    // On a phone four noisy site lines bury the fleet's; the site cards carry each site's trend.
    util: [main(UTIL, false), ...(narrow ? [] : siteLines(UTIL, false))],
    power: [main(POWER_OF_CAP, true), ...siteLines(POWER_OF_CAP, true)],
  };
}

export const ExecTrends = memo(function ExecTrends(p: ExecTrendsProps) {
  const { rollup, sites } = p;
  const narrow = useNarrow();
  const { revenue, util, power } = useMemo(
    () => chartLines(p.fleet, rollup, sites, narrow),
    [p.fleet, rollup, sites, narrow],
  );
  const siteRows = useMemo(
    () => sites.map((s) => ({ siteId: s.siteIds[0]!, scopeId: s.id, name: s.label })),
    [sites],
  );
  const stem = (chart: string) => `gigawatt-exec-${chart}-${p.rangeSlug}`;
  return (
    <section className="xsection" aria-labelledby="xh-trends">
      <h2 id="xh-trends" className="xsection-title">
        Trends · {p.rangeText}
      </h2>
      <div className="xcharts">
        <RangeChart
          data={p.data}
          chartId="revenue"
          title="Rental revenue run-rate"
          note="$/h, mean per bucket with min–max band; dashed: what idle GPUs would earn at today’s prices"
          lines={revenue}
          axisFormat={usdAxis}
          floor={0}
          rangeText={p.rangeText}
          fileStem={stem('revenue')}
        />
        <RangeChart
          data={p.data}
          chartId="util"
          title="GPU utilization"
          note="% of allocated GPUs, weighted by GPU count; band: min–max"
          lines={util}
          axisFormat={pctAxis}
          floor={0}
          rangeText={p.rangeText}
          fileStem={stem('utilization')}
        />
        <RangeChart
          data={p.data}
          chartId="power"
          title="Facility power vs cap"
          note="Draw as % of each cap; above 100 % is over the cap"
          lines={power}
          axisFormat={pctAxis}
          refLine={CAP_LINE}
          floor={0}
          rangeText={p.rangeText}
          fileStem={stem('power')}
        />
        <SiteComparison
          data={p.data}
          fetches={p.fetches}
          sites={siteRows}
          rangeText={p.rangeText}
          fileStem={stem('sites')}
        />
      </div>
    </section>
  );
});
