import { type HTMLAttributes, memo, useRef } from 'react';
import { type Live, useLiveDom } from '../store/useLiveDom.ts';
import { writeValue } from './Value.tsx';

type Tag = 'dd' | 'span' | 'td' | 'p' | 'div';

export interface LiveNumberProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  as?: Tag;
  /** Test and automation hook: `data-metric`, with the raw number in `data-value` ('' for no value). */
  metric?: string;
  read: Live<number | null | undefined>;
  format: (value: number | null | undefined) => string;
  /** The whole text as it is; by default the unit is typeset smaller, as `Value` does. */
  plain?: boolean;
}

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * A number that follows the ticks by itself: its element is rendered once and its text and
 * `data-value` are written when the number read from the store changes (useLiveDom), so neither it nor
 * anything around it re-renders per tick.
 */
export const LiveNumber = memo(function LiveNumber({
  as = 'span',
  metric,
  read,
  format,
  plain = false,
  ...rest
}: LiveNumberProps) {
  const ref = useRef<HTMLElement>(null);
  useLiveDom(read, (v) => {
    const el = ref.current;
    if (!el) return;
    const value = finite(v) ? String(v) : '';
    if (el.dataset.value !== value) el.dataset.value = value;
    const text = format(v);
    if (plain) {
      if (el.textContent !== text) el.textContent = text;
    } else writeValue(el, text);
  });
  const Tag = as as 'span';
  return <Tag ref={ref} data-metric={metric} {...rest} />;
});
