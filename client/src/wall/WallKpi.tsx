import { memo, type ReactNode } from 'react';
import { Value } from '../components/Value.tsx';

interface WallKpiProps {
  label: string;
  /** Formatted value with its unit. */
  text: string;
  metric: string;
  value: number | null | undefined;
  sub?: ReactNode;
  size?: 'lg' | 'md';
  className?: string;
}

/** One figure for a wall: a label above a numeral big enough to read across a room. */
export const WallKpi = memo(function WallKpi({
  label,
  text,
  metric,
  value,
  sub,
  size = 'lg',
  className = '',
}: WallKpiProps) {
  return (
    <div className={`wall-kpi wall-kpi-${size} ${className}`}>
      <dt className="wall-kpi-label">{label}</dt>
      <dd
        className="wall-kpi-value num"
        data-metric={metric}
        data-value={value === null || value === undefined || !Number.isFinite(value) ? '' : value}
      >
        <Value text={text} />
      </dd>
      {sub ? <dd className="wall-kpi-sub num">{sub}</dd> : null}
    </div>
  );
});
