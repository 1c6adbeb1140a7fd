import { averageLabel } from '../store/averageWindow.ts';
import { useAverageMs } from '../store/useHeadline.ts';
import { useStore } from '../store/useStore.ts';
import { type ExecRange, rangeLabel } from './execUrl.ts';
import { formatAsOf, formatMoment } from './rangeTicks.ts';

interface LiveMetaProps {
  fleetName: string;
  scopeLabel: string;
  range: ExecRange;
}

/** "Meta AI campuses · Fleet · last 24 h, live · as of 14:05:09": what the page shows and as of when. */
export function LiveMeta({ fleetName, scopeLabel, range }: LiveMetaProps) {
  // The figures "now" are as of the newest tick, whatever window the charts show.
  const t = useStore((s) => s.latest?.t ?? Number.NaN);
  const replay = useStore((s) => s.status === 'replay');
  const avgMs = useAverageMs();
  const window =
    range.kind === 'preset'
      ? `last ${rangeLabel(range)}, ${replay ? 'replayed' : 'live'}`
      : `${formatMoment(range.from)} – ${formatMoment(range.to)} (${rangeLabel(range)})`;
  return (
    <p className="xmeta">
      <span>{fleetName}</span>
      <span>{scopeLabel}</span>
      <span data-window={range.kind}>{window}</span>
      <span className="num" data-as-of={t}>
        figures as of {formatAsOf(t)}
      </span>
      <span data-average-ms={avgMs}>power and utilization: {averageLabel(avgMs)}</span>
      <span className="print-only">changes: against the previous {rangeLabel(range)}</span>
    </p>
  );
}
