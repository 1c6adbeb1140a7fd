import { type MetricId, metricDef } from '@gigawatt/shared';
import { memo, type ReactNode, useCallback } from 'react';
import { formatMetric } from '../format/format.ts';
import type { Live } from '../store/useLiveDom.ts';
import { LiveNumber } from './LiveNumber.tsx';

interface StatProps {
  label: string;
  /** Test and automation hook: `data-metric`, with the raw number in `data-value`. */
  metric: string;
  /** The figure, read from the store on every update (it follows the ticks without a render). */
  read: Live<number | null | undefined>;
  /** Its text with the unit. */
  format: (value: number | null | undefined) => string;
  sub?: ReactNode;
  size?: 'xl' | 'lg' | 'md';
  title?: string | undefined;
}

/** One headline figure: a label, the number with its unit, and an optional line of context. */
export const Stat = memo(function Stat({ label, metric, read, format, sub, size = 'lg', title }: StatProps) {
  return (
    <div className={`stat stat-${size}`} title={title}>
      <dt className="stat-label">{label}</dt>
      <LiveNumber as="dd" className="stat-value num" metric={metric} read={read} format={format} />
      {sub ? <dd className="stat-sub num">{sub}</dd> : null}
    </div>
  );
});

type MetricStatProps = Omit<StatProps, 'label' | 'metric' | 'format'> & {
  metric: MetricId;
  /** The page's own wording ("Fleet facility power"); the registry's label by default. */
  label?: string;
};

/** A registry metric's headline figure: its label, unit and precision from the registry. */
export function MetricStat({ metric, label, ...rest }: MetricStatProps) {
  const format = useCallback((v: number | null | undefined) => formatMetric(metric, v), [metric]);
  return <Stat {...rest} label={label ?? metricDef(metric).label} format={format} metric={metric} />;
}
