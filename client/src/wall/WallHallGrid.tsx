import {
  type FleetIndex,
  type HallConfig,
  type HallSample,
  hallDesignFlowLpm,
  type Severity,
  type SiteConfig,
} from '@gigawatt/shared';
import { memo, useMemo, useRef } from 'react';
import { LiveNumber } from '../components/LiveNumber.tsx';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { formatMw, formatNumber, formatTempC, formatUtil } from '../format/format.ts';
import type { DashboardState } from '../store/createDashboardStore.ts';
import { hallSampleOf } from '../store/hallSampleOf.ts';
import { hallSeries } from '../store/seriesCatalog.ts';
import { seriesMeanOf, useAverageMs, useWindowHistory } from '../store/useHeadline.ts';
import { useLiveDom } from '../store/useLiveDom.ts';
import { useStore } from '../store/useStore.ts';
import { shortModel } from '../views/HallTable.tsx';
import { COOLANT_BANDS, coolantBrief, coolantReading, formatCoolant } from '../views/hallCoolant.ts';
import { coolantAlertHalls, coolantHallsKey, parseCoolantHallsKey } from './coolantAlerts.ts';

/** Two rows at most for up to 16 halls (wide cards keep their numerals apart), three beyond. */
export const hallColumns = (n: number): number => Math.max(4, Math.ceil(n / (n > 16 ? 3 : 2)));

/**
 * The open coolant alerts of a site by hall, as a selector whose value changes only when they do: the
 * grid re-renders for a raise or a clear, never for a tick.
 */
export function useCoolantAlertHalls(siteId: string): ReadonlyMap<string, Severity> {
  const key = useStore((s) => coolantHallsKey(coolantAlertHalls(s.alerts.values(), siteId)));
  return useMemo(() => parseCoolantHallsKey(key), [key]);
}

/**
 * The loop of a hall with a coolant alert, big enough to read across the room: flow against design and
 * ΔT, in the alert title's order (and supply when it is out of band too), from the newest sample, on
 * the alert's colour.
 */
export function WallCoolantFigure({
  h,
  designLpm,
  severity,
  hallName,
}: {
  h: HallSample | undefined;
  designLpm: number;
  severity: Severity;
  /** Named on a site tile, where the figure is not inside its hall's card. */
  hallName?: string;
}) {
  const r = h?.coolant ? coolantReading(h.coolant, designLpm) : null;
  const brief = r ? coolantBrief(r) : null;
  const warmSupply = r && r.supplyC >= COOLANT_BANDS.supplyWarnC;
  return (
    <div className={`wall-coolant wall-coolant-${severity}`} data-coolant-alert={severity}>
      <span className="wall-coolant-label">
        <SeverityIcon severity={severity} />
        {hallName ? `${hallName} coolant` : 'Coolant'}
      </span>
      <span className="wall-coolant-figures num">
        {brief?.flow ? (
          <span data-metric="coolantFlowPct" data-value={r!.flowPct}>
            {brief.flow}
          </span>
        ) : null}
        <span data-metric="coolantDeltaC" data-value={r?.deltaC ?? ''}>
          {brief ? brief.delta : 'no reading'}
        </span>
        {warmSupply ? (
          <span data-metric="coolantSupplyC" data-value={r.supplyC}>
            supply {formatCoolant('coolantSupplyC', r.supplyC)}
          </span>
        ) : null}
      </span>
    </div>
  );
}

const failedText = (x: number | null | undefined): string => `${formatNumber(x)} failed`;

/**
 * One hall: IT power, utilization (with a bar) and inlet as headline means; failed GPUs as counted.
 * Renders for its alert; its figures follow the ticks by themselves.
 */
const WallHallCard = memo(function WallHallCard({
  siteId,
  cfg,
  model,
  coolantAlert,
  designLpm,
}: {
  siteId: string;
  cfg: HallConfig;
  model: string;
  /** The worst open coolant alert of the hall, if any: the card then shows its loop. */
  coolantAlert: Severity | undefined;
  designLpm: number;
}) {
  const windowMs = useAverageMs();
  const ids = useMemo(() => HALL_MEANS.map((m) => hallSeries(siteId, cfg.id, m)), [siteId, cfg.id]);
  useWindowHistory(ids, windowMs);
  const r = useMemo(() => {
    const mean = (k: number) => (s: DashboardState) => {
      const sample = s.sites.get(siteId);
      const h = hallSampleOf(sample, cfg.id);
      return seriesMeanOf(s, ids[k]!, windowMs, h?.[HALL_MEANS[k]!], sample?.t);
    };
    return {
      power: mean(0),
      util: mean(1),
      inlet: mean(2),
      failed: (s: DashboardState) => hallSampleOf(s.sites.get(siteId), cfg.id)?.gpus.failed,
    };
  }, [siteId, cfg.id, ids, windowMs]);
  // The loop's figures follow the ticks through a render, only while the hall has an alert; the
  // subscription is there either way, so a page's count of them does not depend on its alerts.
  const alerting = coolantAlert !== undefined;
  const h = useStore((s) => (alerting ? hallSampleOf(s.sites.get(siteId), cfg.id) : undefined));
  const bar = useRef<HTMLSpanElement>(null);
  useLiveDom(r.util, (util) => {
    if (bar.current) bar.current.style.transform = `scaleX(${Math.min(1, Math.max(0, (util ?? 0) / 100))})`;
  });
  return (
    <li
      className={coolantAlert ? `wall-hall wall-hall-alert wall-hall-alert-${coolantAlert}` : 'wall-hall'}
      data-hall={cfg.id}
    >
      <div className="wall-hall-head">
        <span className="wall-hall-name">{cfg.name}</span>
        <span className="wall-hall-model">{model}</span>
      </div>
      <div className="wall-hall-figures num">
        <LiveNumber metric="itPowerMw" read={r.power} format={formatMw} plain />
        <LiveNumber metric="gpuUtilPct" read={r.util} format={formatUtil} plain />
      </div>
      <span className="wall-hall-bar" aria-hidden="true">
        <span ref={bar} />
      </span>
      <div className="wall-hall-foot num">
        <LiveNumber metric="inletTempC" read={r.inlet} format={formatTempC} plain />
        <LiveNumber metric="gpusFailed" read={r.failed} format={failedText} plain />
      </div>
      {coolantAlert ? <WallCoolantFigure h={h} designLpm={designLpm} severity={coolantAlert} /> : null}
    </li>
  );
});

/** The hall figures the cards show as headline means. */
const HALL_MEANS = ['itPowerMw', 'gpuUtilPct', 'inletTempC'] as const;

/** Every hall of a site as a small card; a hall with a coolant alert also shows its loop. */
export function WallHallGrid({ site, index }: { site: SiteConfig; index: FleetIndex }) {
  const coolant = useCoolantAlertHalls(site.id);
  return (
    <section aria-label={`Halls of ${site.name}`} className="wall-halls" data-wall-box>
      <h2 className="wall-section-title">Halls</h2>
      <ul
        className="wall-hall-grid"
        style={{ '--hall-cols': hallColumns(site.halls.length) } as React.CSSProperties}
      >
        {site.halls.map((cfg) => (
          <WallHallCard
            key={cfg.id}
            siteId={site.id}
            cfg={cfg}
            model={shortModel(index.model(cfg.gpuModel)?.name)}
            coolantAlert={coolant.get(cfg.id)}
            designLpm={coolant.has(cfg.id) ? hallDesignFlowLpm(index, site.id, cfg.id) : 0}
          />
        ))}
      </ul>
    </section>
  );
}
