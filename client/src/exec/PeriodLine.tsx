import type { ExecSnapshot } from './createExecData.ts';
import type { FigureView } from './figureViews.ts';
import { changeTone, formatChange } from './formatExec.ts';
import { MetricValue } from './MetricValue.tsx';
import { periodStats } from './periodStats.ts';

interface PeriodLineProps {
  snap: ExecSnapshot;
  view: FigureView;
  scope: string;
  capMw: number;
  /** "24 h" */
  rangeText: string;
  compact?: boolean;
  /** Names the figure when it is not the one shown big above ("Headroom"). */
  label?: string;
}

const MISSING = {
  loading: () => 'loading…',
  'no-current': () => 'not enough data yet',
  'no-previous': (range: string) => `no data for the prior ${range}`,
} as const;

/** "24 h avg 78.0 % · ▲ +1.2 pts vs prior 24 h": the range's mean and its change vs the period before. */
export function PeriodLine({ snap, view, scope, capMw, rangeText, compact, label }: PeriodLineProps) {
  const st = periodStats(snap, view, scope, capMw);
  const change = formatChange(st.change, view.change, view.format);
  const tone = changeTone(st.change, view.better, change.flat);
  const hook = { 'data-metric': view.metric, 'data-stat': 'change', 'data-scope': scope };
  return (
    <p className={`xperiod ${compact ? 'xperiod-compact' : ''}`}>
      <span className="xperiod-label">
        {label ? `${label}, ` : ''}
        <span className="xperiod-range">{rangeText} </span>
        avg{' '}
      </span>
      <MetricValue metric={view.metric} value={st.avg} text={view.format(st.avg)} scope={scope} stat="avg" />
      <span className="xsep" aria-hidden="true">
        {' · '}
      </span>
      {st.missing ? (
        <span className="xchange xchange-none" {...hook} data-value="">
          {MISSING[st.missing](rangeText)}
        </span>
      ) : (
        <span
          className={`xchange xchange-${tone}`}
          {...hook}
          data-value={String(st.change.abs)}
          title={`Prior ${rangeText} avg ${view.format(st.prevAvg)}`}
        >
          <span aria-hidden="true">{change.arrow} </span>
          {change.text}
          <span className="xchange-vs"> vs prior {rangeText}</span>
        </span>
      )}
    </p>
  );
}
