import { memo, type ReactNode } from 'react';
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
