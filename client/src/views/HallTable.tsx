import type { FleetIndex, HallSample, SiteConfig } from '@gigawatt/shared';
import type { MouseEvent } from 'react';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { formatMw, formatNumber, formatPct, formatTempC } from '../format/format.ts';
import { Link } from '../router/Link.tsx';
import { navigate } from '../router/navigation.ts';
import { type RackColor, siteHref } from '../router/parseRoute.ts';
import {
  coolantSentence,
  coolantSeverity,
  formatCoolant,
  type HallCoolant,
  hallCoolant,
} from './hallCoolant.ts';
import './HallTable.css';

interface HallTableProps {
  site: SiteConfig;
  halls: readonly HallSample[] | undefined;
  index: FleetIndex;
  selected: string;
  color: RackColor;
}

export const shortModel = (name: string | undefined): string => (name ?? '—').replace(/^NVIDIA\s+/, '');

/**
 * A hall's coolant loop in one cell: return temperature and ΔT; when out of band, the cell is tinted and
 * says what is wrong in words ("Low flow 41 %") beside the colour; air-cooled halls say "Air".
 */
export function CoolantCell({ c }: { c: HallCoolant }) {
  if (c.kind === 'air') {
    return (
      <td
        data-label="Coolant"
        className="coolant-cell"
        data-coolant-state="air"
        title="Air-cooled: no coolant loop"
      >
        <span className="coolant-air">Air</span>
        <span className="visually-hidden">-cooled, no coolant loop</span>
      </td>
    );
  }
  if (c.kind === 'noData') {
    return (
      <td data-label="Coolant" className="coolant-cell" data-coolant-state="none">
        —<span className="visually-hidden"> no coolant data yet</span>
      </td>
    );
  }
  const issue = c.issues[0];
  const deltaHigh = c.issues.find((i) => i.kind === 'deltaHigh');
  return (
    <td
      data-label="Coolant"
      className={`coolant-cell coolant-${c.state}`}
      data-coolant-state={c.state}
      data-metric="coolantReturnC"
      data-value={c.returnC}
      data-delta={c.deltaC}
      data-flow-pct={Number.isFinite(c.flowPct) ? c.flowPct : ''}
      title={coolantSentence(c)}
    >
      <span className="coolant-main">
        <span className="visually-hidden">return </span>
        {formatCoolant('coolantReturnC', c.returnC)}
      </span>
      <span className={deltaHigh ? `coolant-sub coolant-sub-${deltaHigh.state}` : 'coolant-sub'}>
        ΔT {formatCoolant('coolantDeltaC', c.deltaC)}
      </span>
      {issue ? (
        <span className="coolant-flag" data-issue={issue.kind}>
          <SeverityIcon severity={coolantSeverity(issue.state)} />
          {issue.text}
        </span>
      ) : null}
    </td>
  );
}

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
          <th scope="col">Coolant</th>
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
              <CoolantCell c={hallCoolant(index, site.id, cfg.id, h)} />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
