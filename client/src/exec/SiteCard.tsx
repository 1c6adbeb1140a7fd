import type { SiteConfig } from '@gigawatt/shared';
import type { ReactNode } from 'react';
import { formatCapPct, formatGpus, formatMw } from '../format/format.ts';
import { Link } from '../router/Link.tsx';
import type { ExecData, ExecSnapshot } from './createExecData.ts';
import { annualize, powerHeadroom } from './execFigures.ts';
import type { FigureId } from './execUrl.ts';
import {
  FACILITY,
  type FigureView,
  GPU_STATES,
  HEADROOM,
  IDLE_REVENUE,
  PUE,
  REVENUE,
  UTIL,
} from './figureViews.ts';
import { formatUsdPerYear } from './formatExec.ts';
import { GpuMixBar } from './GpuMixBar.tsx';
import { MetricValue } from './MetricValue.tsx';
import { PeriodLine } from './PeriodLine.tsx';
import { Sparkline } from './Sparkline.tsx';
import type { ScopeFigures } from './scopeFigures.ts';

interface SiteCardProps {
  site: SiteConfig;
  scopeId: string;
  figures: ScopeFigures;
  shown: ReadonlySet<FigureId>;
  data: ExecData;
  snap: ExecSnapshot;
  rangeText: string;
  /** This site's GPUs relative to the largest selected site (bar length). */
  scale: number;
}

/** One site's figures in compact rows, each with its trend and change. */
export function SiteCard(p: SiteCardProps) {
  const f = p.figures;
  const head = powerHeadroom(f.facility, f.capMw);
  const row = (
    figure: FigureId,
    label: string,
    view: FigureView,
    value: number,
    extra?: ReactNode,
    trend?: FigureView,
    refValue?: number,
  ) => {
    const t = trend ?? view;
    return (
      <div className="xrow" data-figure={figure}>
        <div className="xrow-head">
          <span className="xrow-label">{label}</span>
          <MetricValue
            metric={view.metric}
            value={value}
            text={view.format(value)}
            scope={p.scopeId}
            className="xrow-value"
          />
        </div>
        {extra ? <div className="xrow-extra">{extra}</div> : null}
        <Sparkline
          data={p.data}
          scopeId={p.scopeId}
          view={t}
          capMw={f.capMw}
          refValue={refValue}
          label={`${p.site.name} ${t.name}, ${p.rangeText}`}
          className="spark-row"
        />
        <PeriodLine
          snap={p.snap}
          view={t}
          scope={p.scopeId}
          capMw={f.capMw}
          rangeText={p.rangeText}
          compact
        />
      </div>
    );
  };
  const rented = GPU_STATES.find((s) => s.key === 'rented')!;
  return (
    <section className="xsite" aria-label={p.site.name} data-site={p.site.id} data-scope={p.scopeId}>
      <header className="xsite-head">
        <h3 className="xsite-name">{p.site.name}</h3>
        <p className="xsite-campus">
          {p.site.campus} · {p.site.operator}
        </p>
        <Link className="xsite-link no-print" href={`/site/${encodeURIComponent(p.site.id)}`}>
          Site detail<span aria-hidden="true"> →</span>
        </Link>
      </header>
      {p.shown.has('revenue')
        ? row(
            'revenue',
            REVENUE.name,
            REVENUE,
            f.revenue,
            <MetricValue
              metric="revenueUsdPerYear"
              value={annualize(f.revenue)}
              text={formatUsdPerYear(annualize(f.revenue))}
              scope={p.scopeId}
            />,
          )
        : null}
      {p.shown.has('util') ? row('util', UTIL.name, UTIL, f.util) : null}
      {p.shown.has('gpus')
        ? row(
            'gpus',
            rented.count.name,
            rented.share,
            rented.share.now(f),
            <>
              <GpuMixBar
                rented={f.rented}
                internal={f.internal}
                idle={f.idle}
                failed={f.failed}
                scale={p.scale}
                label={`${p.site.name} GPUs`}
              />
              <span className="xrow-note">
                <MetricValue
                  metric="gpusRented"
                  value={f.rented}
                  text={formatGpus(f.rented)}
                  scope={p.scopeId}
                />{' '}
                rented of{' '}
                <MetricValue
                  metric="gpusTotal"
                  value={f.total}
                  text={formatGpus(f.total)}
                  scope={p.scopeId}
                />
              </span>
            </>,
          )
        : null}
      {p.shown.has('idle')
        ? row(
            'idle',
            'Idle could earn',
            IDLE_REVENUE,
            f.idleRevenue,
            <span className="xrow-note">
              <MetricValue metric="gpusIdle" value={f.idle} text={formatGpus(f.idle)} scope={p.scopeId} />{' '}
              idle · {formatUsdPerYear(annualize(f.idleRevenue))}
            </span>,
          )
        : null}
      {p.shown.has('power')
        ? row(
            'power',
            'Power vs cap',
            FACILITY,
            f.facility,
            <span className="xrow-note">
              of {formatMw(f.capMw)} ·{' '}
              <MetricValue
                metric="headroomPct"
                value={head.pct}
                text={formatCapPct(head.pct)}
                scope={p.scopeId}
                className="xstrong"
              />{' '}
              headroom
            </span>,
            HEADROOM,
            0,
          )
        : null}
      {p.shown.has('pue') ? row('pue', PUE.name, PUE, f.pue) : null}
    </section>
  );
}
