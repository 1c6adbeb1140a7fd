import { idSchema } from '../fleetSchema.ts';

/** One channel per kind of message, named as DESIGN.md lists them. */
export type RecordingChannelKind = 'site' | 'racks' | 'alert' | 'annotation';

export const ALERTS_TOPIC = '/alerts';
export const ANNOTATIONS_TOPIC = '/annotations';

export const siteTopic = (site: string): string => `/site/${site}`;
export const racksTopic = (site: string, hall: string): string => `/racks/${site}/${hall}`;

export type ParsedTopic =
  | { kind: 'site'; site: string }
  | { kind: 'racks'; site: string; hall: string }
  | { kind: 'alert' }
  | { kind: 'annotation' };

const isId = (s: string | undefined): s is string => s !== undefined && idSchema.safeParse(s).success;

/** Topics from a file are untrusted: only exact Gigawatt topics with valid ids are recognised. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  if (topic === ALERTS_TOPIC) return { kind: 'alert' };
  if (topic === ANNOTATIONS_TOPIC) return { kind: 'annotation' };
  const parts = topic.split('/');
  if (parts[0] !== '') return undefined;
  if (parts.length === 3 && parts[1] === 'site' && isId(parts[2])) return { kind: 'site', site: parts[2] };
  if (parts.length === 4 && parts[1] === 'racks' && isId(parts[2]) && isId(parts[3])) {
    return { kind: 'racks', site: parts[2], hall: parts[3] };
  }
  return undefined;
}
