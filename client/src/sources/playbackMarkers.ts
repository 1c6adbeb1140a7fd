import type { Alert, AlertEvent } from '@gigawatt/shared';
import type { Annotation } from '@gigawatt/shared/recording';
import type { PlaybackMarker } from './PlaybackController.ts';

/** An alert event of a recording and the whole second it happened in (its log time, floored). */
export interface TimedAlertEvent {
  t: number;
  event: AlertEvent;
}

export const wholeSecond = (t: number): number => Math.floor(t / 1000) * 1000;

const isClear = (e: AlertEvent) => e.kind === 'cleared' || e.alert.state === 'cleared';

/**
 * The alerts open once second `t` has played: every event up to and including that second, replayed
 * in order (the list a live hello carries).
 */
export function alertsActiveAt(events: readonly TimedAlertEvent[], t: number): Alert[] {
  const open = new Map<string, Alert>();
  for (const { t: at, event } of events) {
    if (at > t) break;
    if (isClear(event)) open.delete(event.alert.id);
    else open.set(event.alert.id, event.alert);
  }
  return [...open.values()];
}

/**
 * One marker per alert episode (raise → clear) and one per annotation, in time order. Server alert ids
 * are unique per episode; a file that reuses an id for a later episode gets a suffixed marker id so
 * markers stay distinct.
 */
export function playbackMarkers(
  events: readonly TimedAlertEvent[],
  annotations: readonly Annotation[],
): PlaybackMarker[] {
  const markers: PlaybackMarker[] = [];
  const open = new Map<string, Extract<PlaybackMarker, { kind: 'alert' }>>();
  const used = new Map<string, number>();
  for (const { t, event } of events) {
    const id = event.alert.id;
    const current = open.get(id);
    if (isClear(event)) {
      if (current) {
        current.to = t;
        open.delete(id);
      }
      continue;
    }
    if (current) {
      // An update or acknowledgement keeps the marker; a severity change shows the latest.
      current.severity = event.alert.severity;
      current.label = event.alert.title;
      continue;
    }
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    const marker: Extract<PlaybackMarker, { kind: 'alert' }> = {
      kind: 'alert',
      id: n === 1 ? id : `${id}#${n}`,
      t,
      to: undefined,
      severity: event.alert.severity,
      label: event.alert.title,
    };
    open.set(id, marker);
    markers.push(marker);
  }
  for (const a of annotations) {
    markers.push({
      kind: 'annotation',
      id: a.id,
      t: wholeSecond(a.t),
      to: a.end === undefined ? undefined : wholeSecond(a.end),
      label: a.text,
      author: a.author,
    });
  }
  // Stable: alerts before annotations at the same second, each in file order.
  return markers.sort((a, b) => a.t - b.t);
}
