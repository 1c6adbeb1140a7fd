import type { FleetIndex, HallConfig, SiteConfig } from '@gigawatt/shared';
import { hallGpuCount } from '@gigawatt/shared';
import { useEffect, useId, useMemo, useRef } from 'react';
import { RackHeatmap } from '../charts/RackHeatmap.tsx';
import { RACK_MODE_LIST, rackModeLabel } from '../charts/RackHeatmapModes.ts';
import { TrendChart, type TrendLine } from '../charts/TrendChart.tsx';
import { metricFormat, metricTitle } from '../format/chartFormats.ts';
import { formatGpus, formatNumber } from '../format/format.ts';
import { navigate } from '../router/navigation.ts';
import { type RackColor, siteHref } from '../router/parseRoute.ts';
import { useController, usePlayback } from '../session/ReplayContext.tsx';
import { HallDetailCoolant, hallLine } from './HallDetailCoolant.tsx';
import { shortModel } from './HallTable.tsx';
import { hallIsLiquid } from './hallCoolant.ts';

interface HallDetailProps {
  site: SiteConfig;
  hall: HallConfig;
  index: FleetIndex;
  color: RackColor;
}

/** Why an air-cooled hall cannot be coloured by coolant: said beside the disabled choice. */
export const AIR_COOLED_REASON = 'Air-cooled hall: no coolant loop';

/**
 * The selected hall: live rack heatmap coloured by power, inlet temperature or coolant return, and the
 * hall's trends (its coolant loop too, when it has one).
 */
export function HallDetail({ site, hall, index, color }: HallDetailProps) {
  const model = index.model(hall.gpuModel);
  const liquid = hallIsLiquid(index, site.id, hall.id);
  // The URL keeps "coolant" while an air-cooled hall is shown, so the next liquid hall opens in it.
  const shown: RackColor = color === 'coolant' && !liquid ? 'power' : color;
  const reasonId = useId();
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
    () => [hallLine(site.id, hall.id, 'itPowerMw', { area: true })],
    [site.id, hall.id],
  );
  const utilLines = useMemo<TrendLine[]>(
    () => [hallLine(site.id, hall.id, 'gpuUtilPct', { area: true })],
    [site.id, hall.id],
  );
  const tempLines = useMemo<TrendLine[]>(
    () => [hallLine(site.id, hall.id, 'inletTempC')],
    [site.id, hall.id],
  );
  return (
    <section
      ref={section}
      aria-label={`Hall detail: ${hall.name}`}
      className="panel hall-detail"
      data-hall-detail={hall.id}
      data-cooling={liquid ? 'liquid' : 'air'}
    >
      <header className="panel-head">
        <div>
          <h2 className="panel-title">{hall.name}</h2>
          <p className="panel-sub num">
            {shortModel(model?.name)} · {formatNumber(hall.racks)} racks ·{' '}
            {formatGpus(hallGpuCount(index.fleet, hall))} · {hall.workload} ·{' '}
            {liquid ? 'liquid-cooled' : 'air-cooled'}
          </p>
        </div>
        <div className="rack-color-control" hidden={noRacks}>
          <fieldset className="toggle">
            <legend className="visually-hidden">Colour racks by</legend>
            {RACK_MODE_LIST.map((m) => {
              const unavailable = m.color === 'coolant' && !liquid;
              return (
                <button
                  key={m.color}
                  type="button"
                  data-color={m.color}
                  aria-pressed={shown === m.color}
                  aria-disabled={unavailable ? 'true' : undefined}
                  aria-describedby={unavailable ? reasonId : undefined}
                  title={unavailable ? AIR_COOLED_REASON : undefined}
                  onClick={() => {
                    if (!unavailable) navigate(siteHref(site.id, hall.id, m.color), { replace: true });
                  }}
                >
                  {rackModeLabel(m)}
                </button>
              );
            })}
          </fieldset>
          {liquid ? null : (
            <p id={reasonId} className="toggle-note" data-reason="coolant">
              {AIR_COOLED_REASON}
              {color === 'coolant' ? '; showing rack power' : ''}
            </p>
          )}
        </div>
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
          color={shown}
          rackKw={model?.rackKw ?? 150}
        />
      )}
      <div className="hall-charts">
        <TrendChart
          title={metricTitle('itPowerMw')}
          lines={itLines}
          format={metricFormat('itPowerMw')}
          floor={0}
        />
        <TrendChart
          title={metricTitle('gpuUtilPct')}
          lines={utilLines}
          format={metricFormat('gpuUtilPct')}
          floor={0}
          yMax={100}
        />
        <TrendChart title={metricTitle('inletTempC')} lines={tempLines} format={metricFormat('inletTempC')} />
      </div>
      {liquid ? <HallDetailCoolant site={site} hall={hall} /> : null}
    </section>
  );
}
