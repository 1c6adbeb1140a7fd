import type { FleetIndex, HallSample, SiteConfig } from '@gigawatt/shared';
import { formatMw, formatNumber, formatPct, formatTempC } from '../format/format.ts';
import { shortModel } from '../views/HallTable.tsx';

/** Two rows at most for up to 16 halls (wide cards keep their numerals apart), three beyond. */
export const hallColumns = (n: number): number => Math.max(4, Math.ceil(n / (n > 16 ? 3 : 2)));

/** Every hall of a site as a small card: IT power, utilization (with a bar), inlet and failed GPUs. */
export function WallHallGrid({
  site,
  halls,
  index,
}: {
  site: SiteConfig;
  halls: readonly HallSample[] | undefined;
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
        {site.halls.map((cfg) => {
          const h = byId.get(cfg.id);
          const util = h?.gpuUtilPct;
          return (
            <li key={cfg.id} className="wall-hall" data-hall={cfg.id}>
              <div className="wall-hall-head">
                <span className="wall-hall-name">{cfg.name}</span>
                <span className="wall-hall-model">{shortModel(index.model(cfg.gpuModel)?.name)}</span>
              </div>
              <div className="wall-hall-figures num">
                <span data-metric="itPowerMw" data-value={h?.itPowerMw ?? ''}>
                  {formatMw(h?.itPowerMw)}
                </span>
                <span data-metric="gpuUtilPct" data-value={util ?? ''}>
                  {formatPct(util, 0)}
                </span>
              </div>
              <span className="wall-hall-bar" aria-hidden="true">
                <span style={{ transform: `scaleX(${Math.min(1, Math.max(0, (util ?? 0) / 100))})` }} />
              </span>
              <div className="wall-hall-foot num">
                <span data-metric="inletTempC" data-value={h?.inletTempC ?? ''}>
                  {formatTempC(h?.inletTempC)}
                </span>
                <span data-metric="gpusFailed" data-value={h?.gpus.failed ?? ''}>
                  {formatNumber(h?.gpus.failed)} failed
                </span>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
