import { memo, useRef } from 'react';
import { type Live, useLiveDom } from '../store/useLiveDom.ts';

/**
 * A line of text that follows the ticks by itself (a subtitle with figures in it): a span rendered once,
 * whose text is written when the string read from the store changes.
 */
export const LiveText = memo(function LiveText({
  read,
  className,
}: {
  read: Live<string>;
  className?: string;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  useLiveDom(read, (text) => {
    if (ref.current && ref.current.textContent !== text) ref.current.textContent = text;
  });
  return <span ref={ref} className={className} />;
});
