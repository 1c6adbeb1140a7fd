import { formatHms } from '../format/formatReplay.ts';
import { formatTime } from '../router/replayUrl.ts';
import type { LoopMarks } from './useLoopMarks.ts';

export interface LoopControlsProps {
  t: number;
  loop: { from: number; to: number } | null;
  marks: LoopMarks;
}

/** Set A, Set B, Clear loop, and what the loop is. */
export function LoopControls({ t, loop, marks }: LoopControlsProps) {
  const { pendingA } = marks;
  return (
    <fieldset className="pl-group">
      <legend className="visually-hidden">A–B loop</legend>
      <button
        type="button"
        className="button pl-btn"
        onClick={() => marks.setA(t, loop)}
        aria-pressed={pendingA !== null}
      >
        Set A
      </button>
      <button
        type="button"
        className="button pl-btn"
        onClick={() => marks.setB(t)}
        disabled={pendingA === null || pendingA === t}
        title={pendingA === null ? 'Set A first' : undefined}
      >
        Set B
      </button>
      <button
        type="button"
        className="button pl-btn"
        onClick={() => marks.clearLoop(loop)}
        disabled={!loop && pendingA === null}
      >
        Clear loop
      </button>
      <span className="pl-loop num" data-loop={loop ? `${formatTime(loop.from)}/${formatTime(loop.to)}` : ''}>
        {loop
          ? `Loop ${formatHms(loop.from)}–${formatHms(loop.to)}`
          : pendingA !== null
            ? `A at ${formatHms(pendingA)}`
            : 'No loop (L)'}
      </span>
    </fieldset>
  );
}
