import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { downloadCsv } from '../exec/downloadCsv.ts';
import { navigate } from '../router/navigation.ts';
import {
  MAX_SPEED,
  MIN_SPEED,
  PLAYBACK_SPEEDS,
  type PlaybackController,
  type PlaybackState,
} from '../sources/PlaybackController.ts';
import { LIVE_WINDOW_MS } from '../store/createDashboardStore.ts';
import { useServices } from '../store/useStore.ts';
import { formatDate, formatDay, formatHms, formatSpeed, formatZone } from './formatReplay.ts';
import { NoteDialog } from './NoteDialog.tsx';
import { usePlayback, useReplayNotices, useSourceMode } from './ReplayContext.tsx';
import { fetchExportCsv } from './recordingsApi.ts';
import { formatTime, hrefWithReplay, LOCAL_REC, type ReplayUrlState, withReplayParams } from './replayUrl.ts';
import { Scrubber } from './Scrubber.tsx';
import { useReplayShortcuts } from './useReplayShortcuts.ts';
import { windowCsv, windowSeries } from './windowCsv.ts';
import './player.css';

/** Leaves replay: the same page, live, without rec/t/speed/loop. */
export function backToLive(): void {
  const l = window.location;
  navigate(hrefWithReplay(`${l.pathname}${l.search}${l.hash}`, null), { keepReplay: false });
  // The button just pressed leaves with the player: without this, keyboard focus falls to <body> and a
  // screen reader user is lost at the top of nothing. The page's main region takes it.
  const button = document.activeElement;
  let tries = 0;
  const land = () => {
    const active = document.activeElement;
    // Focus went somewhere on purpose (the user moved on): leave it.
    if (active && active !== document.body && active !== button) return;
    if (active === button && button?.isConnected) {
      // The player has not unmounted yet (the switch to live renders next frame).
      if (++tries < 20) setTimeout(land, 50);
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  };
  requestAnimationFrame(land);
}

/** The address of this page at exactly this playhead (the address bar may lag by up to a second). */
export function momentLink(rec: string, state: PlaybackState): string {
  const l = window.location;
  const wanted: ReplayUrlState = { rec, t: state.t, speed: state.speed, loop: state.loop ?? undefined };
  return `${l.origin}${l.pathname}${withReplayParams(l.search, wanted)}`;
}

/** The window an export takes: the A–B loop if set, else what the charts show (15 min to the playhead). */
export function exportWindow(state: PlaybackState): { from: number; to: number } {
  if (state.loop) return state.loop;
  const { start, end } = state.recording;
  const to = state.t;
  const from = Math.max(start, to - LIVE_WINDOW_MS);
  // At the very start there is nothing behind the playhead: take the window ahead instead.
  return to - from >= 1000 ? { from, to } : { from: to, to: Math.min(end, to + LIVE_WINDOW_MS) };
}

function Icon({ d, fill = false }: { d: string; fill?: boolean }) {
  return (
    <svg className="pl-icon" width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d={d}
        fill={fill ? 'currentColor' : 'none'}
        stroke={fill ? 'none' : 'currentColor'}
        strokeWidth="1.7"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

const ICONS = {
  play: 'M4 2.5v11L13.5 8z',
  pause: 'M4 2.5h3v11H4zM9 2.5h3v11H9z',
  back: 'M10 3 5 8l5 5',
  fwd: 'm6 3 5 5-5 5',
  prevAlert: 'M3 3v10M13 3 6 8l7 5z',
  nextAlert: 'M13 3v10M3 3l7 5-7 5z',
  link: 'M6.5 9.5a3 3 0 0 0 4.2 0l2.1-2.1a3 3 0 0 0-4.2-4.2L7.5 4.3M9.5 6.5a3 3 0 0 0-4.2 0L3.2 8.6a3 3 0 0 0 4.2 4.2l1.1-1.1',
  csv: 'M8 2v8m-3.5-3L8 10.5 11.5 7M2.5 13.5h11',
  note: 'M3 1.5v13M3.5 2h9l-2.2 3.2 2.2 3.3h-9',
  live: 'M8 8m-2.5 0a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0M3.2 3.2a6.8 6.8 0 0 0 0 9.6M12.8 3.2a6.8 6.8 0 0 1 0 9.6',
};

/**
 * The transport, docked at the bottom of any view in replay mode. Every control is a real button with
 * a label; keyboard: space, ←/→ (shift: 10 s), [ ], L.
 */
export function PlayerBar() {
  const mode = useSourceMode();
  const ref = useRef<HTMLDivElement>(null);
  // The page keeps its last lines above the docked bar.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const set = () => root.style.setProperty('--player-h', `${el.offsetHeight}px`);
    set();
    const ro = new ResizeObserver(set);
    ro.observe(el);
    root.classList.add('has-player');
    return () => {
      ro.disconnect();
      root.classList.remove('has-player');
      root.style.removeProperty('--player-h');
    };
  }, []);
  return (
    <section ref={ref} className="player" aria-label="Recording playback" data-mode={mode.kind}>
      <Notices />
      {mode.kind === 'replay' ? (
        <Transport controller={mode.controller} rec={mode.rec} local={mode.local} />
      ) : (
        <div className="player-row player-pending">
          <p className="player-msg" role={mode.kind === 'failed' ? 'alert' : undefined}>
            {mode.kind === 'opening'
              ? `Opening recording ${mode.name}…`
              : mode.kind === 'failed'
                ? `Cannot open the recording: ${mode.message}`
                : ''}
          </p>
          <a className="button" href="/replay" onClick={(e) => goRecordings(e)}>
            Recordings
          </a>
          <BackToLive />
        </div>
      )}
    </section>
  );
}

function goRecordings(e: React.MouseEvent<HTMLAnchorElement>) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate('/replay', { keepReplay: false });
}

/** A button's words: in full where there is room, one word on a phone (the full words stay its name). */
function Label({ long, short }: { long: string; short: string }) {
  return (
    <>
      <span className="pl-text">{long}</span>
      <span className="pl-short" aria-hidden="true">
        {short}
      </span>
    </>
  );
}

function BackToLive() {
  return (
    <button type="button" className="button pl-live" onClick={backToLive}>
      <Icon d={ICONS.live} /> <Label long="Back to live" short="Live" />
    </button>
  );
}

function Notices() {
  const { notices, dismiss } = useReplayNotices();
  if (notices.length === 0) return null;
  return (
    <div className="player-notice" aria-live="polite" data-notice>
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

type Flash = { text: string; link?: string } | null;

function Transport({
  controller,
  rec,
  local,
}: {
  controller: PlaybackController;
  rec: string;
  local: boolean;
}) {
  const state = usePlayback(controller);
  const { source, viewerToken, store } = useServices();
  const [pendingA, setPendingA] = useState<number | null>(null);
  const lastLoop = useRef<{ from: number; to: number } | null>(null);
  const [flash, setFlash] = useState<Flash>(null);
  const [noting, setNoting] = useState(false);
  const [exporting, setExporting] = useState(false);
  // On a phone the loop, link, export and note tools (and alert stepping) fold behind "More".
  const [more, setMore] = useState(false);
  const toolsId = useId();
  const flashTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const say = useCallback((f: Flash, ms = 4000) => {
    setFlash(f);
    if (flashTimer.current) clearTimeout(flashTimer.current);
    flashTimer.current = setTimeout(() => setFlash(null), ms);
  }, []);
  useEffect(
    () => () => {
      if (flashTimer.current) clearTimeout(flashTimer.current);
    },
    [],
  );

  const closeNote = useCallback(() => setNoting(false), []);
  const togglePlay = useCallback(() => {
    if (controller.playback.playing) controller.pause();
    else controller.play();
  }, [controller]);
  const seekAlert = useCallback(
    (dir: 1 | -1) => {
      if (!controller.seekAlert(dir)) say({ text: dir > 0 ? 'No later alert.' : 'No earlier alert.' });
    },
    [controller, say],
  );
  const toggleLoop = useCallback(() => {
    const p = controller.playback;
    if (p.loop) {
      lastLoop.current = p.loop;
      controller.setLoop(null);
      return;
    }
    if (pendingA !== null && p.t !== pendingA) {
      controller.setLoop({ from: Math.min(pendingA, p.t), to: Math.max(pendingA, p.t) });
      setPendingA(null);
      return;
    }
    if (lastLoop.current) {
      controller.setLoop(lastLoop.current);
      return;
    }
    // Nothing marked yet: loop the minute from the playhead (the minute before it, at the very end).
    const { start, end } = p.recording;
    const from = Math.max(start, Math.min(p.t, end - 60_000));
    controller.setLoop({ from, to: Math.min(end, from + 60_000) });
  }, [controller, pendingA]);

  useReplayShortcuts(true, {
    togglePlay,
    step: (s) => controller.step(s),
    alert: seekAlert,
    toggleLoop,
  });

  if (!state) return null;
  const { t, playing, speed, loop, recording } = state;
  const speeds: number[] = PLAYBACK_SPEEDS.includes(speed as (typeof PLAYBACK_SPEEDS)[number])
    ? [...PLAYBACK_SPEEDS]
    : [...PLAYBACK_SPEEDS, speed].sort((a, b) => a - b);
  const atEnd = t >= recording.end;

  const setA = () => {
    if (loop) {
      lastLoop.current = loop;
      controller.setLoop(null);
    }
    setPendingA(t);
  };
  const setB = () => {
    if (pendingA === null || pendingA === t) return;
    controller.setLoop({ from: Math.min(pendingA, t), to: Math.max(pendingA, t) });
    setPendingA(null);
  };
  const clearLoop = () => {
    if (loop) lastLoop.current = loop;
    controller.setLoop(null);
    setPendingA(null);
  };

  const copyLink = async () => {
    const link = momentLink(rec, controller.playback);
    try {
      await navigator.clipboard.writeText(link);
      say({ text: 'Link to this moment copied.', link }, 8000);
    } catch {
      // No clipboard (permissions, an old browser): show the link to copy by hand.
      say({ text: 'Copy this link:', link }, 20000);
    }
  };

  const exportCsv = async () => {
    const w = exportWindow(controller.playback);
    const name = `${recording.name.replace(/[^\w.-]+/g, '_').slice(0, 60)}_${formatTime(w.from)}_${formatTime(w.to)}.csv`;
    setExporting(true);
    try {
      let text: string;
      if (recording.id !== undefined && !local) {
        text = await fetchExportCsv({ recordingId: recording.id, ...w, level: 'site' }, viewerToken);
      } else {
        const sites =
          recording.sites.length > 0
            ? [...recording.sites]
            : (store.getState().fleet?.sites.map((s) => s.id) ?? []);
        const res = await source.fetchHistory({
          series: windowSeries(sites),
          from: w.from,
          to: w.to,
          maxPoints: Math.ceil((w.to - w.from) / 1000) + 2,
        });
        text = windowCsv(sites, res);
      }
      downloadCsv(name.replace(/:/g, ''), text);
      say({ text: `Exported ${formatHms(w.from)}–${formatHms(w.to)} as CSV.` });
    } catch (e) {
      say({ text: `Export failed: ${e instanceof Error ? e.message : String(e)}` }, 10000);
    } finally {
      setExporting(false);
    }
  };

  const win = exportWindow(state);
  const rfc = formatTime(t);

  return (
    <>
      <div className="player-row player-main" data-more={more}>
        <fieldset className="pl-group">
          <legend className="visually-hidden">Transport</legend>
          <button
            type="button"
            className="button pl-btn pl-alert-step"
            onClick={() => seekAlert(-1)}
            aria-label="Previous alert"
            title="Previous alert ( [ )"
          >
            <Icon d={ICONS.prevAlert} />
          </button>
          <button
            type="button"
            className="button pl-btn"
            onClick={() => controller.step(-1)}
            aria-label="Back 1 s"
            title="Back 1 second (←; shift: 10 s)"
          >
            <Icon d={ICONS.back} />
            <span className="pl-text">1 s</span>
          </button>
          <button
            type="button"
            className="button button-primary pl-btn pl-play"
            onClick={togglePlay}
            aria-label={playing ? 'Pause' : 'Play'}
            title={playing ? 'Pause (space)' : 'Play (space)'}
            data-playing={playing}
            disabled={atEnd && !playing && !loop}
          >
            <Icon d={playing ? ICONS.pause : ICONS.play} fill />
          </button>
          <button
            type="button"
            className="button pl-btn"
            onClick={() => controller.step(1)}
            aria-label="Forward 1 s"
            title="Forward 1 second (→; shift: 10 s)"
          >
            <span className="pl-text">1 s</span>
            <Icon d={ICONS.fwd} />
          </button>
          <button
            type="button"
            className="button pl-btn pl-alert-step"
            onClick={() => seekAlert(1)}
            aria-label="Next alert"
            title="Next alert ( ] )"
          >
            <Icon d={ICONS.nextAlert} />
          </button>
        </fieldset>
        <time className="player-time num" dateTime={rfc} title={rfc} data-t={t} data-playhead={rfc}>
          <span className="pt-date">{formatDate(t)}</span>
          <span className="pt-date-short" aria-hidden="true">
            {formatDay(t)}
          </span>{' '}
          <strong className="pt-hms">{formatHms(t)}</strong> <span className="pt-zone">{formatZone(t)}</span>
        </time>
        <label className="pl-speed">
          <span className="pl-label">Speed</span>
          <select
            value={speed}
            aria-label="Playback speed"
            onChange={(e) =>
              controller.setSpeed(Math.min(MAX_SPEED, Math.max(MIN_SPEED, Number(e.target.value))))
            }
          >
            {speeds.map((s) => (
              <option key={s} value={s}>
                {formatSpeed(s)}
              </option>
            ))}
          </select>
        </label>
        <p className="player-name" title={recording.name}>
          <span className="pl-rec-name">{recording.name}</span>
          {local ? <span className="pl-local"> · local file — link cannot be shared</span> : null}
        </p>
        <button
          type="button"
          className="button pl-btn pl-more"
          aria-expanded={more}
          aria-controls={toolsId}
          onClick={() => setMore((m) => !m)}
        >
          More
        </button>
        <BackToLive />
      </div>
      <Scrubber
        state={state}
        pendingA={pendingA}
        onSeek={(x) => controller.seek(x)}
        onStep={(s) => controller.step(s)}
      />
      <div className="player-row player-tools" id={toolsId} data-more={more}>
        <fieldset className="pl-group">
          <legend className="visually-hidden">A–B loop</legend>
          <button type="button" className="button pl-btn" onClick={setA} aria-pressed={pendingA !== null}>
            Set A
          </button>
          <button
            type="button"
            className="button pl-btn"
            onClick={setB}
            disabled={pendingA === null || pendingA === t}
            title={pendingA === null ? 'Set A first' : undefined}
          >
            Set B
          </button>
          <button
            type="button"
            className="button pl-btn"
            onClick={clearLoop}
            disabled={!loop && pendingA === null}
          >
            Clear loop
          </button>
          <span
            className="pl-loop num"
            data-loop={loop ? `${formatTime(loop.from)}/${formatTime(loop.to)}` : ''}
          >
            {loop
              ? `Loop ${formatHms(loop.from)}–${formatHms(loop.to)}`
              : pendingA !== null
                ? `A at ${formatHms(pendingA)}`
                : 'No loop (L)'}
          </span>
        </fieldset>
        <div className="pl-group pl-actions">
          <button
            type="button"
            className="button pl-btn"
            onClick={copyLink}
            disabled={rec === LOCAL_REC}
            title={rec === LOCAL_REC ? 'A local file cannot be opened from a link' : undefined}
          >
            <Icon d={ICONS.link} /> <Label long="Copy link to this moment" short="Link" />
          </button>
          <button
            type="button"
            className="button pl-btn"
            onClick={exportCsv}
            disabled={exporting}
            aria-label={`Export window (CSV): ${formatHms(win.from)}–${formatHms(win.to)}`}
          >
            <Icon d={ICONS.csv} />{' '}
            <Label long={exporting ? 'Exporting…' : 'Export window (CSV)'} short="CSV" />
          </button>
          <button
            type="button"
            className="button pl-btn"
            onClick={() => setNoting(true)}
            disabled={local || recording.id === undefined}
            title={local ? 'Notes are kept on the server; a local file cannot take them' : undefined}
          >
            <Icon d={ICONS.note} /> <Label long="Add note" short="Note" />
          </button>
        </div>
        <p className="player-flash" aria-live="polite">
          {flash ? (
            <>
              {flash.text}{' '}
              {flash.link ? (
                <input
                  className="pl-link"
                  readOnly
                  value={flash.link}
                  aria-label="Link to this moment"
                  onFocus={(e) => e.currentTarget.select()}
                />
              ) : null}
            </>
          ) : null}
        </p>
      </div>
      {noting && recording.id !== undefined ? (
        <NoteDialog
          recordingId={recording.id}
          t={t}
          loop={loop}
          onSaved={() => {
            void controller.refreshAnnotations();
            say({ text: 'Note saved.' });
          }}
          onClose={closeNote}
        />
      ) : null}
    </>
  );
}

export default PlayerBar;
