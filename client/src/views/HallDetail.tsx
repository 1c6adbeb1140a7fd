import type { FleetIndex, HallConfig, SiteConfig } from '@gigawatt/shared';
import { hallGpuCount } from '@gigawatt/shared';
import { useEffect, useMemo, useRef } from 'react';
import { RackHeatmap } from '../charts/RackHeatmap.tsx';
import { TrendChart, type TrendLine } from '../charts/TrendChart.tsx';
import { formatGpus, formatNumber } from '../format/format.ts';
import { useController, usePlayback } from '../replay/ReplayContext.tsx';
import { navigate } from '../router/navigation.ts';
import { type RackColor, siteHref } from '../router/parseRoute.ts';
import { hallSeries } from '../store/seriesCatalog.ts';
import { palette } from '../theme.ts';
import { mwFormat, pctFormat, tempFormat } from './chartFormats.ts';
import { shortModel } from './HallTable.tsx';

interface HallDetailProps {
  site: SiteConfig;
  hall: HallConfig;
  index: FleetIndex;
  color: RackColor;
}

const COLOR_CHOICES: ReadonlyArray<{ value: RackColor; label: string }> = [
  { value: 'power', label: 'Power (kW)' },
  { value: 'temp', label: 'Inlet temperature (°C)' },
];

/** The selected hall: live rack heatmap with a power / temperature toggle, and the hall's trends. */
export function HallDetail({ site, hall, index, color }: HallDetailProps) {
  const model = index.model(hall.gpuModel);
  const section = useRef<HTMLElement>(null);
  const shownHall = useRef(hall.id);
  // On a narrow screen the detail sits below the hall list: bring a newly chosen hall into view.
  useEffect(() => {
    if (shownHall.current === hall.id) return;
    shownHall.current = hall.id;
    const el = section.current;
    if (el && el.getBoundingClientRect().top > window.innerHeight * 0.6) {
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      el.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
    }
  }, [hall.id]);
  const label = `${site.name} · ${hall.name}`;
  const recording = usePlayback(useController())?.recording;
  // A recording without this hall's racks would otherwise wait for rack data forever.
  const noRacks =
    recording?.rackHalls !== undefined && !recording.rackHalls.includes(`${site.id}/${hall.id}`);
  const itLines = useMemo<TrendLine[]>(
    () => [
      {
        id: hallSeries(site.id, hall.id, 'itPowerMw'),
        name: 'IT power',
        color: palette.facility,
        area: true,
      },
    ],
    [site.id, hall.id],
  );
  const utilLines = useMemo<TrendLine[]>(
    () => [
      {
        id: hallSeries(site.id, hall.id, 'gpuUtilPct'),
        name: 'Utilization',
        color: palette.util,
        area: true,
      },
    ],
    [site.id, hall.id],
  );
  const tempLines = useMemo<TrendLine[]>(
    () => [{ id: hallSeries(site.id, hall.id, 'inletTempC'), name: 'Inlet', color: palette.temp }],
    [site.id, hall.id],
  );
  return (
    <section
      ref={section}
      aria-label={`Hall detail: ${hall.name}`}
      className="panel hall-detail"
      data-hall-detail={hall.id}
    >
      <header className="panel-head">
        <div>
          <h2 className="panel-title">{hall.name}</h2>
          <p className="panel-sub num">
            {shortModel(model?.name)} · {formatNumber(hall.racks)} racks ·{' '}
            {formatGpus(hallGpuCount(index.fleet, hall))} · {hall.workload}
          </p>
        </div>
        <fieldset className="toggle" hidden={noRacks}>
          <legend className="visually-hidden">Colour racks by</legend>
          {COLOR_CHOICES.map((c) => (
            <button
              key={c.value}
              type="button"
              aria-pressed={color === c.value}
              onClick={() => navigate(siteHref(site.id, hall.id, c.value), { replace: true })}
            >
              {c.label}
            </button>
          ))}
        </fieldset>
      </header>
      {noRacks ? (
        <p className="hall-no-racks" data-no-racks>
          This recording has no rack data for {hall.name}: it was recorded at {recording.level} level. The
          hall's totals are in the charts below; a capture at rack level records each rack.
        </p>
      ) : (
        <RackHeatmap
          site={site.id}
          hall={hall.id}
          label={label}
          racks={hall.racks}
          color={color}
          rackKw={model?.rackKw ?? 150}
        />
      )}
      <div className="hall-charts">
        <TrendChart title="Hall IT power (MW)" lines={itLines} format={mwFormat} floor={0} />
        <TrendChart
          title="Hall GPU utilization (%)"
          lines={utilLines}
          format={pctFormat}
          floor={0}
          yMax={100}
        />
        <TrendChart title="Hall inlet temperature (°C)" lines={tempLines} format={tempFormat} />
      </div>
    </section>
  );
}
