import { memo, type ReactNode } from 'react';
import { LiveNumber } from '../components/LiveNumber.tsx';
import type { Live } from '../store/useLiveDom.ts';

interface WallKpiProps {
  label: string;
  metric: string;
  /** The figure, read from the store on every update (it follows the ticks without a render). */
  read: Live<number | null | undefined>;
  /** Its text with the unit. */
  format: (value: number | null | undefined) => string;
  sub?: ReactNode;
  size?: 'lg' | 'md';
  className?: string;
}

/** One figure for a wall: a label above a numeral big enough to read across a room. */
export const WallKpi = memo(function WallKpi({
  label,
  metric,
  read,
  format,
  sub,
  size = 'lg',
  className = '',
}: WallKpiProps) {
  return (
    <div className={`wall-kpi wall-kpi-${size} ${className}`}>
      <dt className="wall-kpi-label">{label}</dt>
      <LiveNumber as="dd" className="wall-kpi-value num" metric={metric} read={read} format={format} />
      {sub ? <dd className="wall-kpi-sub num">{sub}</dd> : null}
    </div>
  );
});
