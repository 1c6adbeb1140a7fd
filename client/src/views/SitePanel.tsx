import type { FleetIndex, SiteConfig } from '@gigawatt/shared';
import { memo, useMemo } from 'react';
import { TrendChart, type TrendLine } from '../charts/TrendChart.tsx';
import { useSiteAlertSummary } from '../components/AlertStrip.tsx';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { SiteFigures } from '../components/SiteFigures.tsx';
import { LiveSiteFreshness } from '../components/SiteFreshness.tsx';
import { metricFormat, metricTitle, powerTitle } from '../format/chartFormats.ts';
import { formatMw } from '../format/format.ts';
import { Link } from '../router/Link.tsx';
import { siteHref } from '../router/parseRoute.ts';
import { averageLabel } from '../store/averageWindow.ts';
import { useSiteStale } from '../store/useFreshness.ts';
import { useAverageMs, useScopeHeadlineReader } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';
import { siteLine } from './siteLine.ts';

/** The site's headline figures: the part of the panel that changes every tick. */
const SitePanelFigures = memo(function SitePanelFigures({
  site,
  index,
}: {
  site: SiteConfig;
  index: FleetIndex;
}) {
  const ids = useMemo(() => [site.id], [site.id]);
  const figures = useScopeHeadlineReader(ids);
  const avgMs = useAverageMs();
  return <SiteFigures site={site} figures={figures} index={index} note={averageLabel(avgMs)} />;
});

/**
 * One site on the fleet overview: a region named after the site, linking to its detail page. The panel
 * itself re-renders only when the site goes stale or comes back or its alerts change; the figures and
 * the freshness line below it follow the ticks and the clock on their own.
 */
export const SitePanel = memo(function SitePanel({ site }: { site: SiteConfig }) {
  const index = useStore((s) => s.index);
  const alerts = useSiteAlertSummary(site.id);
  const stale = useSiteStale(site.id);
  const powerLines = useMemo<TrendLine[]>(
    () => [siteLine(site.id, 'facilityPowerMw', 'Facility', { area: true })],
    [site.id],
  );
  const utilLines = useMemo<TrendLine[]>(
    () => [siteLine(site.id, 'gpuUtilPct', 'Utilization', { area: true })],
    [site.id],
  );
  const cap = useMemo(
    () => ({ value: site.powerCapMw, label: `Cap ${formatMw(site.powerCapMw)}` }),
    [site.powerCapMw],
  );
  if (!index) return null;
  const href = siteHref(site.id);
  return (
    <section
      aria-label={site.name}
      className={`panel site-panel${stale ? ' is-stale' : ''}`}
      data-site={site.id}
      data-stale={stale}
    >
      <header className="panel-head">
        <div className="panel-heading">
          <div className="panel-title-row">
            <h2 className="panel-title">
              <Link href={href}>{site.name}</Link>
            </h2>
            {alerts.count > 0 && alerts.worst ? (
              <span className={`alert-badge alert-${alerts.worst}`} data-alerts={alerts.count}>
                <SeverityIcon severity={alerts.worst} />
                {alerts.count} {alerts.count === 1 ? 'alert' : 'alerts'}
              </span>
            ) : null}
          </div>
          <p className="panel-sub">
            {site.campus} · {site.operator}
          </p>
          <LiveSiteFreshness siteId={site.id} />
        </div>
        <Link href={href} className="panel-open" aria-label={`Halls & racks: ${site.name}`}>
          Halls &amp; racks <span aria-hidden="true">→</span>
        </Link>
      </header>
      <div className="stale-dim">
        <SitePanelFigures site={site} index={index} />
      </div>
      <div className="panel-charts stale-dim">
        <TrendChart
          title={powerTitle('Facility power vs cap')}
          lines={powerLines}
          format={metricFormat('facilityPowerMw')}
          cap={cap}
          floor={0}
        />
        <TrendChart
          title={metricTitle('gpuUtilPct')}
          lines={utilLines}
          format={metricFormat('gpuUtilPct')}
          floor={0}
          yMax={100}
        />
      </div>
    </section>
  );
});
