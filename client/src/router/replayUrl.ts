import { parseInstant } from '@gigawatt/shared';
import { MAX_SPEED, MIN_SPEED } from '../sources/PlaybackController.ts';

/**
 * Replay state in the URL: `rec` (a server recording id, or `local` for a file opened on this
 * device), `t` (the playhead, RFC 3339), `speed` and `loop=<from>/<to>`. Any route can carry them, so
 * a link to a moment opens the same view at the same second elsewhere.
 */
export const REPLAY_PARAMS = ['rec', 't', 'speed', 'loop'] as const;

/** `rec=local`: a dropped file. Its link opens replay mode but asks for the file again. */
export const LOCAL_REC = 'local';

export interface ReplayUrlState {
  rec: string;
  t?: number | undefined;
  speed?: number | undefined;
  loop?: { from: number; to: number } | undefined;
}

export interface ParsedReplayUrl {
  /** null when the URL names no recording (live mode). */
  state: ReplayUrlState | null;
  /** What was ignored and why, to show once (a bad link must say so, never crash). */
  notices: string[];
}

// Server ids are generated ("cap-20261123T140509Z-1a2b3c4d"); anything path-like is refused here already.
const REC_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const isRecordingParam = (rec: string): boolean => REC_PATTERN.test(rec);

/** RFC 3339 in UTC, whole seconds: "2026-11-23T14:05:09Z" (the playhead moves in whole seconds). */
export function formatTime(t: number): string {
  return `${new Date(Math.floor(t / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

const wholeSecond = (t: number): number => Math.floor(t / 1000) * 1000;

function parseSpeed(raw: string, notices: string[]): number | undefined {
  const v = Number(raw.trim().replace(/x$/i, ''));
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0) {
    notices.push(`Ignored speed=${raw}: not a number.`);
    return undefined;
  }
  if (v < MIN_SPEED || v > MAX_SPEED) {
    const c = Math.min(MAX_SPEED, Math.max(MIN_SPEED, v));
    notices.push(`speed=${raw} is outside ${MIN_SPEED}×–${MAX_SPEED}×; playing at ${c}×.`);
    return c;
  }
  return v;
}

function parseLoop(raw: string, notices: string[]): { from: number; to: number } | undefined {
  const [a, b, ...rest] = raw.split('/');
  const from = a === undefined ? undefined : parseInstant(a);
  const to = b === undefined ? undefined : parseInstant(b);
  if (rest.length > 0 || from === undefined || to === undefined) {
    notices.push(`Ignored loop=${raw}: expected <from>/<to> as RFC 3339 times.`);
    return undefined;
  }
  const f = wholeSecond(from);
  const t = wholeSecond(to);
  if (!(f < t)) {
    notices.push(`Ignored loop=${raw}: its start is not before its end.`);
    return undefined;
  }
  return { from: f, to: t };
}

/** Reads the replay parameters of a query string (with or without "?"); other parameters are ignored. */
export function parseReplayParams(search: string): ParsedReplayUrl {
  const q = new URLSearchParams(search);
  const notices: string[] = [];
  const rec = q.get('rec');
  if (rec === null) return { state: null, notices };
  if (!isRecordingParam(rec)) {
    notices.push(`Ignored rec=${rec.slice(0, 80)}: not a recording id.`);
    return { state: null, notices };
  }
  const state: ReplayUrlState = { rec };
  const t = q.get('t');
  if (t !== null) {
    const v = parseInstant(t);
    if (v === undefined) notices.push(`Ignored t=${t.slice(0, 80)}: not an RFC 3339 time.`);
    else state.t = wholeSecond(v);
  }
  const speed = q.get('speed');
  if (speed !== null) state.speed = parseSpeed(speed, notices);
  const loop = q.get('loop');
  if (loop !== null) state.loop = parseLoop(loop, notices);
  return { state, notices };
}

/** Query values readable in the address bar: RFC 3339 keeps its ":" and the loop its "/". */
const encodeValue = (v: string): string => encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2F/gi, '/');

function otherParams(search: string): string[] {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (raw === '') return [];
  const ours = new Set<string>(REPLAY_PARAMS);
  return raw.split('&').filter((pair) => {
    if (pair === '') return false;
    const key = pair.split('=', 1)[0] ?? '';
    let name = key;
    try {
      name = decodeURIComponent(key.replace(/\+/g, ' '));
    } catch {
      // a malformed key is kept as it is: it is not one of ours
    }
    return !ours.has(name);
  });
}

/** The replay parameters alone, in a fixed order: "rec=…&t=…&speed=…&loop=…". */
export function formatReplayParams(state: ReplayUrlState): string {
  const parts = [`rec=${encodeValue(state.rec)}`];
  if (state.t !== undefined) parts.push(`t=${encodeValue(formatTime(state.t))}`);
  if (state.speed !== undefined && state.speed !== 1) parts.push(`speed=${encodeValue(String(state.speed))}`);
  if (state.loop)
    parts.push(`loop=${encodeValue(`${formatTime(state.loop.from)}/${formatTime(state.loop.to)}`)}`);
  return parts.join('&');
}

/**
 * Replaces the replay parameters of a query string, keeping every other parameter as written.
 * `state` null drops them (back to live). Returns "" or "?…".
 */
export function withReplayParams(search: string, state: ReplayUrlState | null): string {
  const parts = otherParams(search);
  if (state) parts.push(formatReplayParams(state));
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function splitHref(href: string): { path: string; search: string; hash: string } {
  const h = href.indexOf('#');
  const hash = h < 0 ? '' : href.slice(h);
  const rest = h < 0 ? href : href.slice(0, h);
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, search: '', hash } : { path: rest.slice(0, q), search: rest.slice(q), hash };
}

/** An in-app href with its replay parameters replaced (or dropped with null). */
export function hrefWithReplay(href: string, state: ReplayUrlState | null): string {
  const { path, search, hash } = splitHref(href);
  return `${path}${withReplayParams(search, state)}${hash}`;
}

/**
 * Navigation inside the app stays in replay mode: a target without `rec` takes the current page's
 * replay parameters along (the site links, the exec controls). A target naming its own `rec` wins.
 */
export function carryReplayParams(targetHref: string, currentSearch: string): string {
  const { search } = splitHref(targetHref);
  if (new URLSearchParams(search).has('rec')) return targetHref;
  const current = new URLSearchParams(currentSearch);
  const rec = current.get('rec');
  if (rec === null || !isRecordingParam(rec)) return targetHref;
  const carried = REPLAY_PARAMS.filter((k) => current.has(k))
    .map((k) => `${k}=${encodeValue(current.get(k) ?? '')}`)
    .join('&');
  const { path, hash } = splitHref(targetHref);
  const others = otherParams(search);
  return `${path}?${[...others, carried].join('&')}${hash}`;
}

export interface ClampedReplayState {
  t: number | undefined;
  loop: { from: number; to: number } | undefined;
  notices: string[];
}

/** Fits a link's playhead and loop to the recording it names (a link may outlive a trimmed file). */
export function clampToRecording(
  state: Pick<ReplayUrlState, 't' | 'loop'>,
  span: { start: number; end: number },
): ClampedReplayState {
  const notices: string[] = [];
  let t = state.t;
  if (t !== undefined && (t < span.start || t > span.end)) {
    const c = Math.min(span.end, Math.max(span.start, t));
    notices.push(
      `The link's time ${formatTime(t)} is outside this recording; showing ${t < span.start ? 'its start' : 'its end'}.`,
    );
    t = c;
  }
  let loop = state.loop;
  if (loop) {
    const from = Math.max(span.start, loop.from);
    const to = Math.min(span.end, loop.to);
    if (from < to) loop = { from, to };
    else {
      notices.push('The link’s loop lies outside this recording; it was dropped.');
      loop = undefined;
    }
  }
  return { t, loop, notices };
}
