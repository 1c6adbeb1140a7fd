import type { Severity } from '@gigawatt/shared';
import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { SeverityIcon } from '../components/SeverityIcon.tsx';
import { formatDate, formatHm, formatHms, formatShort } from '../format/formatReplay.ts';
import { formatTime } from '../router/replayUrl.ts';
import type { PlaybackMarker, PlaybackState } from '../sources/PlaybackController.ts';
import { axisTicks } from './axisTicks.ts';

interface ScrubberProps {
  state: PlaybackState;
  /** A set but not yet closed loop start (the "A" of A–B). */
  pendingA: number | null;
  onSeek: (t: number) => void;
  onStep: (seconds: number) => void;
}

type AlertMarker = Extract<PlaybackMarker, { kind: 'alert' }>;

const SEVERITY_WORD: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

export function markerText(m: PlaybackMarker): string {
  const at = `${formatHms(m.t)}${m.to !== undefined ? `–${formatHms(m.to)}` : ''}`;
  if (m.kind === 'alert') return `${SEVERITY_WORD[m.severity]} alert at ${at}: ${m.label}`;
  return `Note at ${at}${m.author ? ` by ${m.author}` : ''}: ${m.label}`;
}

const pct = (t: number, start: number, span: number): number =>
  span <= 0 ? 0 : Math.min(100, Math.max(0, ((t - start) / span) * 100));

/**
 * The whole recording as a time axis: the playhead, the A–B loop shaded, each alert (coloured and
 * shaped by severity, its span drawn under the track) and each note as a button that seeks to it.
 * Dragging previews the time and seeks on release, so a drag costs one seek, not hundreds.
 */
export function Scrubber({ state, pendingA, onSeek, onStep }: ScrubberProps) {
  const { start, end } = state.recording;
  const span = end - start;
  const track = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<number | null>(null);
  const [hover, setHover] = useState<{ t: number; text: string } | null>(null);

  const timeAt = (clientX: number): number => {
    const r = track.current?.getBoundingClientRect();
    if (!r || r.width <= 0) return state.t;
    const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    return Math.round((start + f * span) / 1000) * 1000;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag(timeAt(e.clientX));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const t = timeAt(e.clientX);
    if (drag !== null) setDrag(t);
    setHover({ t, text: `${formatDate(t)} ${formatHms(t)}` });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (drag === null) return;
    const t = timeAt(e.clientX);
    setDrag(null);
    onSeek(t);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const big = e.shiftKey ? 10 : 1;
    let handled = true;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') onStep(-big);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') onStep(big);
    else if (e.key === 'PageDown') onStep(-60);
    else if (e.key === 'PageUp') onStep(60);
    else if (e.key === 'Home') onSeek(start);
    else if (e.key === 'End') onSeek(end);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const ticks = axisTicks(start, end, 6, -new Date(start).getTimezoneOffset() * 60_000);
  const shown = drag ?? state.t;
  const head = pct(shown, start, span);
  const loop = state.loop;
  const alertMarkers = state.markers.filter((m): m is AlertMarker => m.kind === 'alert');
  // Notes get their own lane under the track: an incident's note and its alert often share a second.
  const noteMarkers = state.markers.filter((m) => m.kind === 'annotation');

  return (
    <div className="scrubber">
      {state.markersPending ? (
        <p className="scrub-pending" role="status">
          Reading the recording’s alerts and notes…
        </p>
      ) : null}
      <MarkerLane
        markers={alertMarkers}
        lane="alerts"
        start={start}
        span={span}
        onSeek={onSeek}
        onHover={setHover}
        pendingA={pendingA}
      />
      <div
        ref={track}
        className="scrub-track"
        role="slider"
        tabIndex={0}
        aria-label="Playhead"
        aria-valuemin={start}
        aria-valuemax={end}
        aria-valuenow={shown}
        aria-valuetext={`${formatDate(shown)} ${formatHms(shown)}`}
        data-t={state.t}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKeyDown}
      >
        <div className="scrub-rail" />
        {alertMarkers.map((m) => (
          <div
            key={m.id}
            className={`scrub-span alert-${m.severity}`}
            style={{
              left: `${pct(m.t, start, span)}%`,
              width: `${Math.max(0.3, pct(m.to ?? end, start, span) - pct(m.t, start, span))}%`,
            }}
          />
        ))}
        {loop ? (
          <div
            className="scrub-loop"
            data-loop={`${formatTime(loop.from)}/${formatTime(loop.to)}`}
            style={{
              left: `${pct(loop.from, start, span)}%`,
              width: `${pct(loop.to, start, span) - pct(loop.from, start, span)}%`,
            }}
          />
        ) : null}
        <div className="scrub-played" style={{ width: `${head}%` }} />
        <div className="scrub-head" style={{ left: `${head}%` }} />
      </div>
      <MarkerLane
        markers={noteMarkers}
        lane="notes"
        start={start}
        span={span}
        onSeek={onSeek}
        onHover={setHover}
        pendingA={null}
      />
      <div className="scrub-axis num" aria-hidden="true">
        <span>{formatShort(start)}</span>
        {ticks.map((t, i) => (
          <span
            key={t}
            className={`scrub-tick${i % 2 === 1 ? ' scrub-tick-odd' : ''}`}
            style={{ left: `${pct(t, start, span)}%` }}
          >
            {formatHm(t)}
          </span>
        ))}
        <span>{formatShort(end)}</span>
      </div>
      {hover ? (
        <span
          className="scrub-tip"
          aria-hidden="true"
          style={{ left: `${pct(hover.t, start, span)}%` }}
          data-edge={
            pct(hover.t, start, span) < 15 ? 'start' : pct(hover.t, start, span) > 85 ? 'end' : undefined
          }
        >
          {hover.text}
        </span>
      ) : null}
    </div>
  );
}

interface MarkerLaneProps {
  markers: readonly PlaybackMarker[];
  lane: 'alerts' | 'notes';
  start: number;
  span: number;
  pendingA: number | null;
  onSeek: (t: number) => void;
  onHover: (h: { t: number; text: string } | null) => void;
}

/** A row of markers, each a button that seeks to its time and names itself on hover and focus. */
function MarkerLane({ markers, lane, start, span, pendingA, onSeek, onHover }: MarkerLaneProps) {
  return (
    <div className={`scrub-lane scrub-lane-${lane}`}>
      {markers.map((m) => (
        <span key={`${m.kind}:${m.id}`}>
          {m.kind === 'annotation' && m.to !== undefined ? (
            <span
              className="scrub-note-span"
              style={{
                left: `${pct(m.t, start, span)}%`,
                width: `${Math.max(0.3, pct(m.to, start, span) - pct(m.t, start, span))}%`,
              }}
            />
          ) : null}
          <button
            type="button"
            className={`scrub-marker scrub-${m.kind}${m.kind === 'alert' ? ` alert-${m.severity}` : ''}`}
            style={{ left: `${pct(m.t, start, span)}%` }}
            aria-label={`${markerText(m)} (seek here)`}
            data-marker={m.kind}
            data-marker-id={m.id}
            data-t={m.t}
            data-severity={m.kind === 'alert' ? m.severity : undefined}
            onClick={() => {
              // The label was read on the way in; now the frame it points at is what matters.
              onHover(null);
              onSeek(m.t);
            }}
            onPointerEnter={() => onHover({ t: m.t, text: markerText(m) })}
            onPointerLeave={() => onHover(null)}
            onFocus={(e) => {
              // Keyboard focus names the marker; a click's focus does not cover the time with a tip.
              if (e.currentTarget.matches(':focus-visible')) onHover({ t: m.t, text: markerText(m) });
            }}
            onBlur={() => onHover(null)}
          >
            {m.kind === 'alert' ? <SeverityIcon severity={m.severity} /> : <NoteIcon />}
          </button>
        </span>
      ))}
      {pendingA !== null ? (
        <span className="scrub-a" style={{ left: `${pct(pendingA, start, span)}%` }} aria-hidden="true">
          A
        </span>
      ) : null}
    </div>
  );
}

function NoteIcon() {
  return (
    <svg width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true" className="sev-icon">
      <path d="M3 1.5v13" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      <path d="M3.5 2h9l-2.2 3.2L12.5 8.5h-9z" fill="currentColor" />
    </svg>
  );
}
