import { type MetricId, metricDef } from '@gigawatt/shared';
import { memo, type ReactNode } from 'react';
import { formatMetric } from '../format/format.ts';
import { Value } from './Value.tsx';

interface StatProps {
  label: string;
  /** Formatted value with unit. */
  text: string;
  /** Test and automation hook: `data-metric`, with the raw number in `data-value`. */
  metric: string;
  value: number | null | undefined;
  sub?: ReactNode;
  size?: 'xl' | 'lg' | 'md';
  title?: string;
}

/** One headline figure: a label, the number with its unit, and an optional line of context. */
export const Stat = memo(function Stat({ label, text, metric, value, sub, size = 'lg', title }: StatProps) {
  return (
    <div className={`stat stat-${size}`} title={title}>
      <dt className="stat-label">{label}</dt>
      <dd
        className="stat-value num"
        data-metric={metric}
        data-value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
      >
        <Value text={text} />
      </dd>
      {sub ? <dd className="stat-sub num">{sub}</dd> : null}
    </div>
  );
});

type MetricStatProps = Omit<StatProps, 'label' | 'text' | 'metric'> & {
  metric: MetricId;
  /** The page's own wording ("Fleet facility power"); the registry's label by default. */
  label?: string;
};

/** A registry metric's headline figure: its label, unit and precision from the registry. */
export function MetricStat({ metric, label, value, ...rest }: MetricStatProps) {
  return (
    <Stat
      {...rest}
      label={label ?? metricDef(metric).label}
      text={formatMetric(metric, value)}
      metric={metric}
      value={value}
    />
  );
}
