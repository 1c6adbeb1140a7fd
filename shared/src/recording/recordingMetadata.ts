import { z } from 'zod';
import { idSchema } from '../fleetSchema.ts';
import { hallRefSchema } from '../protocol.ts';
import { epochMsSchema } from '../sampleSchema.ts';
import { describeZodError } from '../validation.ts';
import { RecordingError } from './recordingError.ts';
import { recordingLevelSchema, recordingNameSchema } from './recordingInfoSchema.ts';

/** Name of the MCAP metadata record that describes a Gigawatt recording. */
export const RECORDING_METADATA_NAME = 'gigawatt';

export const recordingMetadataSchema = z.object({
  name: recordingNameSchema,
  level: recordingLevelSchema,
  /** Sites the recording covers (all fleet sites for the always-on recorder). */
  sites: z.array(idSchema).max(64),
  /** Halls recorded at rack level, when the capture chose halls rather than whole sites. */
  halls: z.array(hallRefSchema).max(4096).optional(),
  created: epochMsSchema,
  /** What made it: "gigawatt-server", "mock-telemetry synthesize", … */
  source: z.string().min(1).max(200),
});
export type RecordingMetadata = z.infer<typeof recordingMetadataSchema>;

/** MCAP metadata values are strings: lists as JSON, the time as RFC 3339 so standard tools show it. */
export function metadataToMap(m: RecordingMetadata): Map<string, string> {
  const map = new Map<string, string>([
    ['name', m.name],
    ['level', m.level],
    ['sites', JSON.stringify(m.sites)],
    ['created', new Date(m.created).toISOString()],
    ['source', m.source],
  ]);
  if (m.halls) map.set('halls', JSON.stringify(m.halls));
  return map;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function metadataFromMap(map: ReadonlyMap<string, string>): RecordingMetadata {
  const created = map.get('created');
  const r = recordingMetadataSchema.safeParse({
    name: map.get('name'),
    level: map.get('level'),
    sites: parseJson(map.get('sites')),
    halls: parseJson(map.get('halls')),
    created: created === undefined ? undefined : Date.parse(created),
    source: map.get('source'),
  });
  if (!r.success) {
    throw new RecordingError('corrupt', `recording metadata is invalid (${describeZodError(r.error)})`);
  }
  return r.data;
}
