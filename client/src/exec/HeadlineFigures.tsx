import type { FleetIndex } from '@gigawatt/shared';
import type { GpuState } from '../components/gpuStates.ts';
import { formatCapPct, formatGpuShare, formatGpus, formatMw } from '../format/format.ts';
import type { Scope } from './buildScopeSeries.ts';
import type { ExecData, ExecSnapshot } from './createExecData.ts';
import { annualize, powerHeadroom } from './execFigures.ts';
import type { FigureId } from './execUrl.ts';
import { FigureCard } from './FigureCard.tsx';
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
import { SpreadLine } from './SpreadLine.tsx';
import type { ScopeFigures } from './scopeFigures.ts';

/** The GPU states' share views by state, for the spreads. */
const SHARE = Object.fromEntries(GPU_STATES.map((s) => [s.key, s.share])) as Record<GpuState, FigureView>;

interface HeadlineFiguresProps {
  scope: Scope;
  figures: ScopeFigures;
  /** Per-site figures now, for the spreads. */
  sites: ReadonlyMap<string, ScopeFigures>;
  index: FleetIndex;
  shown: ReadonlySet<FigureId>;
  data: ExecData;
  snap: ExecSnapshot;
  rangeText: string;
}

/** The roll-up's headline cards: revenue, utilization, GPU mix, idle capacity, power, PUE. */
export function HeadlineFigures(p: HeadlineFiguresProps) {
  const f = p.figures;
  const id = p.scope.id;
  const spread = (get: (x: ScopeFigures) => number) =>
    [...p.sites].map(([site, x]) => ({ id: site, value: get(x) }));
  const multi = p.scope.siteIds.length > 1;
  const common = {
    scope: id,
    scopeLabel: p.scope.label,
    capMw: f.capMw,
    data: p.data,
    snap: p.snap,
    rangeText: p.rangeText,
  };
  const head = powerHeadroom(f.facility, f.capMw);
  return (
    <div className="xcards">
      {p.shown.has('revenue') ? (
        <FigureCard
          {...common}
          figure="revenue"
          title="Rental revenue run-rate"
          view={REVENUE}
          value={f.revenue}
          sub={
            <>
              <MetricValue
                metric="revenueUsdPerYear"
                value={annualize(f.revenue)}
                text={formatUsdPerYear(annualize(f.revenue))}
                scope={id}
                className="xstrong"
              />{' '}
              annualized · {formatGpuShare(f.total > 0 ? f.rented / f.total : Number.NaN)} of GPUs rented
            </>
          }
          spread={
            multi ? (
              <SpreadLine
                metric="revenue"
                values={spread((x) => x.revenue)}
                index={p.index}
                format={REVENUE.format}
                worse={null}
              />
            ) : null
          }
        />
      ) : null}
      {p.shown.has('util') ? (
        <FigureCard
          {...common}
          figure="util"
          title={UTIL.name}
          view={UTIL}
          value={f.util}
          sub="mean over allocated GPUs, weighted by GPU count"
          spread={
            multi ? (
              <SpreadLine
                metric="util"
                values={spread((x) => x.util)}
                index={p.index}
                format={UTIL.format}
                worse="low"
              />
            ) : null
          }
        />
      ) : null}
      {p.shown.has('gpus') ? <GpuCard {...p} /> : null}
      {p.shown.has('idle') ? (
        <FigureCard
          {...common}
          figure="idle"
          title="Idle capacity could earn"
          view={IDLE_REVENUE}
          value={f.idleRevenue}
          sub={
            <>
              <MetricValue
                metric="idleRevenueUsdPerYear"
                value={annualize(f.idleRevenue)}
                text={formatUsdPerYear(annualize(f.idleRevenue))}
                scope={id}
                className="xstrong"
              />{' '}
              from{' '}
              <MetricValue
                metric="gpusIdle"
                value={f.idle}
                text={formatGpus(f.idle)}
                scope={id}
                className="xstrong"
              />{' '}
              idle, at today’s prices
            </>
          }
          spread={
            multi ? (
              <SpreadLine
                metric={SHARE.idle.metric}
                of={SHARE.idle.name}
                values={spread((x) => (x.total > 0 ? (x.idle / x.total) * 100 : Number.NaN))}
                index={p.index}
                format={SHARE.idle.format}
                worse="high"
              />
            ) : null
          }
        />
      ) : null}
      {p.shown.has('power') ? (
        <FigureCard
          {...common}
          figure="power"
          title="Facility power vs cap"
          view={FACILITY}
          value={f.facility}
          trendView={HEADROOM}
          refValue={0}
          sub={
            <>
              of <MetricValue metric="powerCapMw" value={f.capMw} text={formatMw(f.capMw)} scope={id} /> cap ·
              headroom{' '}
              <MetricValue
                metric="headroomMw"
                value={head.mw}
                text={formatMw(head.mw)}
                scope={id}
                className="xstrong"
              />{' '}
              (
              <MetricValue
                metric="headroomPct"
                value={head.pct}
                text={formatCapPct(head.pct)}
                scope={id}
                className="xstrong"
              />
              )
            </>
          }
          spread={
            multi ? (
              <SpreadLine
                metric="headroomPct"
                of="Headroom"
                values={spread((x) => powerHeadroom(x.facility, x.capMw).pct)}
                index={p.index}
                format={formatCapPct}
                worse="low"
              />
            ) : null
          }
        />
      ) : null}
      {p.shown.has('pue') ? (
        <FigureCard
          {...common}
          figure="pue"
          title={PUE.name}
          view={PUE}
          value={f.pue}
          sub="facility power ÷ IT power (1.00 = no overhead)"
          spread={
            multi ? (
              <SpreadLine
                metric="pue"
                values={spread((x) => x.pue)}
                index={p.index}
                format={PUE.format}
                worse="high"
              />
            ) : null
          }
        />
      ) : null}
    </div>
  );
}

/** Rented / internal / idle / failed: counts, shares, each share's trend and change. */
function GpuCard(p: HeadlineFiguresProps) {
  const f = p.figures;
  const id = p.scope.id;
  const multi = p.scope.siteIds.length > 1;
  return (
    <article className="xcard xcard-gpus" data-figure="gpus" data-scope={id}>
      <h3 className="xcard-title">
        GPUs{' '}
        <MetricValue
          metric="gpusTotal"
          value={f.total}
          text={formatGpus(f.total)}
          scope={id}
          className="xcard-total"
        />
      </h3>
      <GpuMixBar
        rented={f.rented}
        internal={f.internal}
        idle={f.idle}
        failed={f.failed}
        label={`${p.scope.label} GPUs`}
      />
      <ul className="xstates">
        {GPU_STATES.map((s) => {
          const share = s.share.now(f);
          return (
            <li key={s.key} className="xstate" data-state={s.key}>
              <span className={`xswatch xmix-${s.key}`} aria-hidden="true" />
              <span className="xstate-name">{s.label}</span>
              <MetricValue
                metric={s.count.metric}
                value={f[s.key]}
                text={formatGpus(f[s.key])}
                scope={id}
                className="xstate-count"
              />
              <MetricValue
                metric={s.share.metric}
                value={share}
                text={s.share.format(share)}
                scope={id}
                className="xstate-share"
              />
              <Sparkline
                data={p.data}
                scopeId={id}
                view={s.share}
                capMw={f.capMw}
                label={`${p.scope.label} ${s.share.name}, ${p.rangeText}`}
                className="spark-row"
              />
              <PeriodLine
                snap={p.snap}
                view={s.share}
                scope={id}
                capMw={f.capMw}
                rangeText={p.rangeText}
                compact
              />
            </li>
          );
        })}
      </ul>
      {multi ? (
        <>
          <SpreadLine
            metric={SHARE.rented.metric}
            of={SHARE.rented.name}
            values={[...p.sites].map(([site, x]) => ({
              id: site,
              value: x.total > 0 ? (x.rented / x.total) * 100 : Number.NaN,
            }))}
            index={p.index}
            format={SHARE.rented.format}
            worse="low"
          />
          <SpreadLine
            metric={SHARE.failed.metric}
            of={SHARE.failed.name}
            values={[...p.sites].map(([site, x]) => ({
              id: site,
              value: x.total > 0 ? (x.failed / x.total) * 100 : Number.NaN,
            }))}
            index={p.index}
            format={SHARE.failed.format}
            worse="high"
          />
        </>
      ) : null}
    </article>
  );
}
