import type { FleetIndex, HallConfig, HallSample, SiteConfig } from '@gigawatt/shared';
import { formatMw, formatNumber, formatTempC, formatUtil } from '../format/format.ts';
import { hallSeries } from '../store/seriesCatalog.ts';
import { useSeriesMean } from '../store/useHeadline.ts';
import { shortModel } from '../views/HallTable.tsx';

/** Two rows at most for up to 16 halls (wide cards keep their numerals apart), three beyond. */
export const hallColumns = (n: number): number => Math.max(4, Math.ceil(n / (n > 16 ? 3 : 2)));

/** One hall: IT power, utilization (with a bar) and inlet as headline means; failed GPUs as counted. */
function WallHallCard({
  siteId,
  cfg,
  h,
  t,
  model,
}: {
  siteId: string;
  cfg: HallConfig;
  h: HallSample | undefined;
  /** Time of the site sample the hall's figures come from. */
  t: number | undefined;
  model: string;
}) {
  const power = useSeriesMean(hallSeries(siteId, cfg.id, 'itPowerMw'), h?.itPowerMw, t);
  const util = useSeriesMean(hallSeries(siteId, cfg.id, 'gpuUtilPct'), h?.gpuUtilPct, t);
  const inlet = useSeriesMean(hallSeries(siteId, cfg.id, 'inletTempC'), h?.inletTempC, t);
  return (
    <li className="wall-hall" data-hall={cfg.id}>
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
    </li>
  );
}

/** Every hall of a site as a small card. */
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
          />
        ))}
      </ul>
    </section>
  );
}
