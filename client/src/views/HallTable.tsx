import type { FleetIndex, HallConfig, HallSample, MetricId, SiteConfig } from '@gigawatt/shared';
import { type MouseEvent, memo, useCallback, useMemo, useRef } from 'react';
import { GpuStackBar } from '../components/GpuStackBar.tsx';
import { LiveNumber } from '../components/LiveNumber.tsx';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { formatMw, formatNumber, formatPct, formatTempC } from '../format/format.ts';
import { Link } from '../router/Link.tsx';
import { navigate } from '../router/navigation.ts';
import { type RackColor, siteHref } from '../router/parseRoute.ts';
import type { DashboardState } from '../store/createDashboardStore.ts';
import { hallSampleOf } from '../store/hallSampleOf.ts';
import { type Live, useLiveDom } from '../store/useLiveDom.ts';
import { useServices, useStore } from '../store/useStore.ts';
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
  index: FleetIndex;
  selected: string;
  color: RackColor;
}

export const shortModel = (name: string | undefined): string => (name ?? '—').replace(/^NVIDIA\s+/, '');

/** Which parts a coolant cell has: changes with a band, not with every reading. */
function coolantShape(c: HallCoolant): string {
  if (c.kind !== 'liquid') return c.kind;
  const issue = c.issues[0];
  const deltaHigh = c.issues.find((i) => i.kind === 'deltaHigh');
  return `${c.state}|${issue?.kind ?? ''}:${issue?.state ?? ''}|${deltaHigh?.state ?? ''}`;
}

/** A liquid loop's readings written into its cell (the parts `CoolantCell` rendered for its shape). */
function writeCoolant(td: HTMLTableCellElement, c: HallCoolant): void {
  if (c.kind !== 'liquid') return;
  td.dataset.value = String(c.returnC);
  td.dataset.delta = String(c.deltaC);
  td.dataset.flowPct = Number.isFinite(c.flowPct) ? String(c.flowPct) : '';
  td.title = coolantSentence(c);
  const set = (sel: string, text: string) => {
    const el = td.querySelector(sel);
    if (el && el.textContent !== text) el.textContent = text;
  };
  set('.coolant-return', formatCoolant('coolantReturnC', c.returnC));
  set('.coolant-delta', formatCoolant('coolantDeltaC', c.deltaC));
  set('.coolant-flag-text', c.issues[0]?.text ?? '');
}

/**
 * A hall's coolant loop in one cell: return temperature and ΔT; when out of band, the cell is tinted and
 * says what is wrong in words ("Low flow 41 %") beside the colour; air-cooled halls say "Air". Renders
 * when its shape changes (a band crossed); the readings are written into it every update.
 */
function CoolantCell({ read }: { read: Live<HallCoolant> }) {
  const { store } = useServices();
  useStore((s) => coolantShape(read(s)));
  const c = read(store.getState());
  const ref = useRef<HTMLTableCellElement>(null);
  useLiveDom(read, (now) => {
    if (ref.current) writeCoolant(ref.current, now);
  });
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
      ref={ref}
      data-label="Coolant"
      className={`coolant-cell coolant-${c.state}`}
      data-coolant-state={c.state}
      data-metric="coolantReturnC"
    >
      <span className="coolant-main">
        <span className="visually-hidden">return </span>
        <span className="coolant-return" />
      </span>
      <span className={deltaHigh ? `coolant-sub coolant-sub-${deltaHigh.state}` : 'coolant-sub'}>
        ΔT <span className="coolant-delta" />
      </span>
      {issue ? (
        <span className="coolant-flag" data-issue={issue.kind}>
          <SeverityIcon severity={coolantSeverity(issue.state)} />
          <span className="coolant-flag-text" />
        </span>
      ) : null}
    </td>
  );
}

type HallCell = [
  label: string,
  metric: MetricId,
  value: (h: HallSample) => number,
  format: (x: number | undefined) => string,
];

/** The row's live columns after Hall and GPU, in order. */
const CELLS: readonly HallCell[] = [
  ['IT power', 'itPowerMw', (h) => h.itPowerMw, formatMw],
  ['Util', 'gpuUtilPct', (h) => h.gpuUtilPct, (x) => formatPct(x)],
  ['Rented', 'gpusRented', (h) => h.gpus.rented, (x) => formatNumber(x)],
  ['Internal', 'gpusInternal', (h) => h.gpus.internal, (x) => formatNumber(x)],
  ['Idle', 'gpusIdle', (h) => h.gpus.idle, (x) => formatNumber(x)],
  ['Failed', 'gpusFailed', (h) => h.gpus.failed, (x) => formatNumber(x)],
  ['Inlet', 'inletTempC', (h) => h.inletTempC, formatTempC],
];

/** One hall's row: rendered for its selection; its figures follow the ticks by themselves. */
const HallRow = memo(function HallRow({
  site,
  cfg,
  index,
  selected,
  href,
}: {
  site: SiteConfig;
  cfg: HallConfig;
  index: FleetIndex;
  selected: boolean;
  href: string;
}) {
  const hall = useCallback(
    (s: DashboardState) => hallSampleOf(s.sites.get(site.id), cfg.id),
    [site.id, cfg.id],
  );
  const cells = useMemo(
    () =>
      CELLS.map(([label, metric, value, format]) => ({
        label,
        metric,
        format: (x: number | null | undefined) => format(x ?? undefined),
        read: (s: DashboardState) => {
          const h = hall(s);
          return h ? value(h) : undefined;
        },
      })),
    [hall],
  );
  const gpus = useCallback((s: DashboardState) => hall(s)?.gpus, [hall]);
  const coolant = useCallback(
    (s: DashboardState) => hallCoolant(index, site.id, cfg.id, hall(s)),
    [index, site.id, cfg.id, hall],
  );
  const onClick = (e: MouseEvent<HTMLTableRowElement>) => {
    if ((e.target as Element).closest('a, button')) return;
    navigate(href, { replace: true });
  };
  return (
    <tr data-hall={cfg.id} className={selected ? 'selected' : undefined} onClick={onClick}>
      <th scope="row">
        <Link href={href} replace aria-current={selected ? 'true' : undefined} className="hall-link">
          {cfg.name}
        </Link>
        <GpuStackBar read={gpus} compact label={`${cfg.name} GPUs`} />
      </th>
      <td data-label="GPU">{shortModel(index.model(cfg.gpuModel)?.name)}</td>
      {cells.map((c) => (
        <LiveNumber
          key={c.metric}
          as="td"
          data-label={c.label}
          metric={c.metric}
          read={c.read}
          format={c.format}
          plain
        />
      ))}
      <CoolantCell read={coolant} />
    </tr>
  );
});

/**
 * The halls of a site; a row's link (or a click anywhere on the row) selects the hall via the URL. The
 * table renders for a site and a selection; its rows' figures follow the ticks by themselves.
 */
export function HallTable({ site, index, selected, color }: HallTableProps) {
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
        {site.halls.map((cfg) => (
          <HallRow
            key={cfg.id}
            site={site}
            cfg={cfg}
            index={index}
            selected={cfg.id === selected}
            href={siteHref(site.id, cfg.id, color)}
          />
        ))}
      </tbody>
    </table>
  );
}
