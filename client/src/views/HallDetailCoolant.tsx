import {
  type HallConfig,
  hallDesignFlowLpm,
  type MetricId,
  metricDef,
  type SiteConfig,
} from '@gigawatt/shared';
import { memo, useMemo } from 'react';
import { TrendChart, type TrendLine } from '../charts/TrendChart.tsx';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { metricFormat } from '../format/chartFormats.ts';
import { formatMetric } from '../format/format.ts';
import { hallSampleOf } from '../store/hallSampleOf.ts';
import { hallSeries } from '../store/seriesCatalog.ts';
import { useStore } from '../store/useStore.ts';
import { metricColor } from '../theme/theme.ts';
import {
  coolantReading,
  coolantSentence,
  coolantSeverity,
  formatFlowPct,
  ISSUE_METRIC,
} from './hallCoolant.ts';
import './HallTable.css';

/** A hall's line of one metric, named and coloured by the registry. */
export const hallLine = (
  site: string,
  hall: string,
  metric: MetricId,
  style?: Pick<TrendLine, 'area' | 'width'>,
): TrendLine => ({
  id: hallSeries(site, hall, metric),
  name: metricDef(metric).label,
  color: metricColor(metric),
  ...style,
});

/** "Coolant supply" → "Supply": the section already says coolant. */
const figureLabel = (id: MetricId): string => {
  const l = metricDef(id).label.replace(/^Coolant /, '');
  return l.charAt(0).toUpperCase() + l.slice(1);
};

const FIGURES: readonly MetricId[] = [
  'coolantSupplyC',
  'coolantReturnC',
  'coolantDeltaC',
  'coolantFlowLpm',
  'cduPowerKw',
];

/** The loop's newest figures: a leaf that follows the ticks, so the page around it does not. */
function CoolantFigures({ site, hall, designLpm }: { site: string; hall: string; designLpm: number }) {
  const h = useStore((s) => hallSampleOf(s.sites.get(site), hall));
  const r = h?.coolant ? coolantReading(h.coolant, designLpm) : null;
  return (
    <>
      <p
        className={`coolant-state coolant-state-${r?.state ?? 'none'}`}
        data-coolant-state={r?.state ?? 'none'}
      >
        {r && r.state !== 'ok' ? <SeverityIcon severity={coolantSeverity(r.state)} /> : null}
        {r ? (r.issues.length ? r.issues.map((i) => i.text).join(' · ') : 'Normal') : 'No data yet'}
      </p>
      <dl
        className="coolant-figures num"
        data-coolant-state={r ? r.state : 'none'}
        aria-label={r ? `Coolant loop, latest: ${coolantSentence(r)}` : 'Coolant loop: no data yet'}
      >
        {FIGURES.map((id) => {
          const v = h && r ? metricDef(id).read(h, () => Number.NaN) : undefined;
          const hot = r?.issues.find((i) => ISSUE_METRIC[i.kind] === id);
          return (
            <div key={id} className={hot ? `coolant-fig coolant-fig-${hot.state}` : 'coolant-fig'}>
              <dt>{figureLabel(id)}</dt>
              <dd data-metric={id} data-value={v ?? ''}>
                {formatMetric(id, v)}
                {id === 'coolantFlowLpm' && r && Number.isFinite(r.flowPct) ? (
                  <span className="coolant-fig-note"> {formatFlowPct(r.flowPct)} of design</span>
                ) : null}
              </dd>
            </div>
          );
        })}
      </dl>
    </>
  );
}

/**
 * A liquid-cooled hall's coolant loop: its figures now (with what is out of band, in words), supply and
 * return over the last minutes, and flow against the loop's design flow.
 */
export const HallDetailCoolant = memo(function HallDetailCoolant({
  site,
  hall,
}: {
  site: SiteConfig;
  hall: HallConfig;
}) {
  const index = useStore((s) => s.index);
  const designLpm = index ? hallDesignFlowLpm(index, site.id, hall.id) : 0;
  const tempLines = useMemo<TrendLine[]>(
    () => [
      hallLine(site.id, hall.id, 'coolantSupplyC'),
      hallLine(site.id, hall.id, 'coolantReturnC', { width: 1.75 }),
    ],
    [site.id, hall.id],
  );
  const flowLines = useMemo<TrendLine[]>(
    () => [hallLine(site.id, hall.id, 'coolantFlowLpm', { area: true })],
    [site.id, hall.id],
  );
  const design = useMemo(
    () =>
      designLpm > 0
        ? { value: designLpm, label: `Design ${formatMetric('coolantFlowLpm', designLpm)}` }
        : undefined,
    [designLpm],
  );
  const tempUnit = metricDef('coolantReturnC').unit;
  const flow = metricDef('coolantFlowLpm');
  return (
    <section className="hall-coolant" aria-label={`Coolant loop of ${hall.name}`} data-coolant-loop={hall.id}>
      <div className="hall-coolant-head">
        <h3 className="hall-coolant-title">Coolant loop</h3>
        <CoolantFigures site={site.id} hall={hall.id} designLpm={designLpm} />
      </div>
      <div className="hall-charts">
        <TrendChart
          title={`Coolant supply and return (${tempUnit})`}
          lines={tempLines}
          format={metricFormat('coolantReturnC')}
        />
        <TrendChart
          title={`${flow.label} vs design (${flow.unit})`}
          lines={flowLines}
          format={metricFormat('coolantFlowLpm')}
          cap={design}
          // From zero: a loop losing flow reads as a fall from the design line, and meter noise as flat.
          yMin={0}
        />
      </div>
    </section>
  );
});
