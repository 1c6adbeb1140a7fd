import {
  type FleetIndex,
  type HallConfig,
  type HallSample,
  hallDesignFlowLpm,
  type Severity,
  type SiteConfig,
} from '@gigawatt/shared';
import { useMemo } from 'react';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { formatMw, formatNumber, formatTempC, formatUtil } from '../format/format.ts';
import { hallSeries } from '../store/seriesCatalog.ts';
import { useSeriesMean } from '../store/useHeadline.ts';
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

/** One hall: IT power, utilization (with a bar) and inlet as headline means; failed GPUs as counted. */
function WallHallCard({
  siteId,
  cfg,
  h,
  t,
  model,
  coolantAlert,
  designLpm,
}: {
  siteId: string;
  cfg: HallConfig;
  h: HallSample | undefined;
  /** Time of the site sample the hall's figures come from. */
  t: number | undefined;
  model: string;
  /** The worst open coolant alert of the hall, if any: the card then shows its loop. */
  coolantAlert: Severity | undefined;
  designLpm: number;
}) {
  const power = useSeriesMean(hallSeries(siteId, cfg.id, 'itPowerMw'), h?.itPowerMw, t);
  const util = useSeriesMean(hallSeries(siteId, cfg.id, 'gpuUtilPct'), h?.gpuUtilPct, t);
  const inlet = useSeriesMean(hallSeries(siteId, cfg.id, 'inletTempC'), h?.inletTempC, t);
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
        <span data-metric="itPowerMw" data-value={power ?? ''}>
          {formatMw(power)}
        </span>
        <span data-metric="gpuUtilPct" data-value={util ?? ''}>
          {formatUtil(util)}
        </span>
      </div>
      <span className="wall-hall-bar" aria-hidden="true">
        <span style={{ transform: `scaleX(${Math.min(1, Math.max(0, (util ?? 0) / 100))})` }} />
      </span>
      <div className="wall-hall-foot num">
        <span data-metric="inletTempC" data-value={inlet ?? ''}>
          {formatTempC(inlet)}
        </span>
        <span data-metric="gpusFailed" data-value={h?.gpus.failed ?? ''}>
          {formatNumber(h?.gpus.failed)} failed
        </span>
      </div>
      {coolantAlert ? <WallCoolantFigure h={h} designLpm={designLpm} severity={coolantAlert} /> : null}
    </li>
  );
}

/** Every hall of a site as a small card; a hall with a coolant alert also shows its loop. */
export function WallHallGrid({
  site,
  halls,
  t,
  index,
}: {
  site: SiteConfig;
  halls: readonly HallSample[] | undefined;
  t: number | undefined;
  index: FleetIndex;
}) {
  const byId = new Map(halls?.map((h) => [h.hall, h]));
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
            h={byId.get(cfg.id)}
            t={t}
            model={shortModel(index.model(cfg.gpuModel)?.name)}
            coolantAlert={coolant.get(cfg.id)}
            designLpm={coolant.has(cfg.id) ? hallDesignFlowLpm(index, site.id, cfg.id) : 0}
          />
        ))}
      </ul>
    </section>
  );
}
