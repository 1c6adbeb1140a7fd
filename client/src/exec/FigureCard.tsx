import type { ReactNode } from 'react';
import type { ExecData, ExecSnapshot } from './createExecData.ts';
import type { FigureId } from './execUrl.ts';
import type { FigureView } from './figureViews.ts';
import { MetricValue } from './MetricValue.tsx';
import { PeriodLine } from './PeriodLine.tsx';
import { Sparkline } from './Sparkline.tsx';

export interface FigureCardProps {
  figure: FigureId;
  title: string;
  scope: string;
  scopeLabel: string;
  capMw: number;
  /** The big number, now. */
  view: FigureView;
  value: number;
  /** A line under the big number (annualized revenue, cap…). */
  sub?: ReactNode;
  /** The figure whose trend and change are shown (defaults to `view`). */
  trendView?: FigureView;
  refValue?: number;
  data: ExecData;
  snap: ExecSnapshot;
  rangeText: string;
  /** Spread across sites (fleet cards). */
  spread?: ReactNode;
  children?: ReactNode;
}

/** A headline figure: its value now, its trend over the range, its change, and its spread across sites. */
export function FigureCard(p: FigureCardProps) {
  const trend = p.trendView ?? p.view;
  return (
    <article className={`xcard xcard-${p.figure}`} data-figure={p.figure} data-scope={p.scope}>
      <h3 className="xcard-title">{p.title}</h3>
      <p className="xcard-value">
        <MetricValue metric={p.view.metric} value={p.value} text={p.view.format(p.value)} scope={p.scope} />
      </p>
      {p.sub ? <p className="xcard-sub">{p.sub}</p> : null}
      {p.children}
      <Sparkline
        data={p.data}
        scopeId={p.scope}
        view={trend}
        capMw={p.capMw}
        refValue={p.refValue}
        label={`${p.scopeLabel} ${trend.name}, ${p.rangeText}`}
        className="spark-card"
      />
      <PeriodLine
        snap={p.snap}
        view={trend}
        scope={p.scope}
        capMw={p.capMw}
        rangeText={p.rangeText}
        label={trend === p.view ? undefined : trend.name}
      />
      {p.spread}
    </article>
  );
}
