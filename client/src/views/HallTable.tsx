import type { FleetIndex, HallSample, SiteConfig } from '@gigawatt/shared';
import type { MouseEvent } from 'react';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { formatMw, formatNumber, formatPct, formatTempC } from '../format/format.ts';
import { Link } from '../router/Link.tsx';
import { navigate } from '../router/navigation.ts';
import { type RackColor, siteHref } from '../router/parseRoute.ts';

interface HallTableProps {
  site: SiteConfig;
  halls: readonly HallSample[] | undefined;
  index: FleetIndex;
  selected: string;
  color: RackColor;
}

export const shortModel = (name: string | undefined): string => (name ?? '—').replace(/^NVIDIA\s+/, '');

/** The halls of a site; a row's link (or a click anywhere on the row) selects the hall via the URL. */
export function HallTable({ site, halls, index, selected, color }: HallTableProps) {
  const byId = new Map(halls?.map((h) => [h.hall, h]));
  const onRowClick = (e: MouseEvent<HTMLTableRowElement>, href: string) => {
    if ((e.target as Element).closest('a, button')) return;
    navigate(href, { replace: true });
  };
  return (
    <table className="halls num">
      <caption className="visually-hidden">Halls of {site.name}, live</caption>
      <thead>
        <tr>
          <th scope="col">Hall</th>
          <th scope="col">GPU</th>
          <th scope="col">IT power</th>
          <th scope="col">Util</th>
          <th scope="col">Rented</th>
          <th scope="col">Internal</th>
          <th scope="col">Idle</th>
          <th scope="col">Failed</th>
          <th scope="col">Inlet</th>
        </tr>
      </thead>
      <tbody>
        {site.halls.map((cfg) => {
          const h = byId.get(cfg.id);
          const href = siteHref(site.id, cfg.id, color);
          const isSel = cfg.id === selected;
          return (
            <tr
              key={cfg.id}
              data-hall={cfg.id}
              className={isSel ? 'selected' : undefined}
              onClick={(e) => onRowClick(e, href)}
            >
              <th scope="row">
                <Link href={href} replace aria-current={isSel ? 'true' : undefined} className="hall-link">
                  {cfg.name}
                </Link>
                <GpuStackBar gpus={h?.gpus} compact label={`${cfg.name} GPUs`} />
              </th>
              <td data-label="GPU">{shortModel(index.model(cfg.gpuModel)?.name)}</td>
              <td data-label="IT power" data-metric="itPowerMw" data-value={h?.itPowerMw ?? ''}>
                {formatMw(h?.itPowerMw)}
              </td>
              <td data-label="Util" data-metric="gpuUtilPct" data-value={h?.gpuUtilPct ?? ''}>
                {formatPct(h?.gpuUtilPct)}
              </td>
              <td data-label="Rented" data-metric="gpusRented" data-value={h?.gpus.rented ?? ''}>
                {formatNumber(h?.gpus.rented)}
              </td>
              <td data-label="Internal" data-metric="gpusInternal" data-value={h?.gpus.internal ?? ''}>
                {formatNumber(h?.gpus.internal)}
              </td>
              <td data-label="Idle" data-metric="gpusIdle" data-value={h?.gpus.idle ?? ''}>
                {formatNumber(h?.gpus.idle)}
              </td>
              <td data-label="Failed" data-metric="gpusFailed" data-value={h?.gpus.failed ?? ''}>
                {formatNumber(h?.gpus.failed)}
              </td>
              <td data-label="Inlet" data-metric="inletTempC" data-value={h?.inletTempC ?? ''}>
                {formatTempC(h?.inletTempC)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
