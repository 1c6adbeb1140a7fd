import { z } from 'zod';
import { fleetConfigSchema, idSchema } from '../fleetSchema.ts';
import { hallRefSchema } from '../protocol.ts';
import { epochMsSchema } from '../sampleSchema.ts';
import { describeZodError } from '../validation.ts';
import { RecordingError } from './recordingError.ts';
import { recordingLevelSchema, recordingNameSchema } from './recordingInfoSchema.ts';

/** Name of the MCAP metadata record that describes a Gigawatt recording. */
export const RECORDING_METADATA_NAME = 'gigawatt';

export const recordingMetadataSchema = z
  .object({
    name: recordingNameSchema,
    level: recordingLevelSchema,
    /** Sites the recording covers (all fleet sites for the always-on recorder). */
    sites: z.array(idSchema).max(64),
    /** Halls recorded at rack level, when the capture chose halls rather than whole sites. */
    halls: z.array(hallRefSchema).max(4096).optional(),
    created: epochMsSchema,
    /** What made it: "gigawatt-server", "mock-telemetry synthesize", … */
    source: z.string().min(1).max(200),
    /**
     * The fleet config of the recorded sites (names, halls, rack counts, GPU models, caps, prices), so a
     * recording renders without a server, or on a server whose fleet has changed since. Absent in files
     * written before it existed: readers then fall back to a server's fleet.
     */
    fleet: fleetConfigSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (!m.fleet) return;
    // Exactly the recorded sites: a reader renders the fleet as the recording's world.
    const inFleet = new Set(m.fleet.sites.map((s) => s.id));
    const missing = m.sites.filter((s) => !inFleet.has(s));
    const extra = [...inFleet].filter((s) => !m.sites.includes(s));
    if (missing.length > 0 || extra.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['fleet'],
        message: `fleet sites must be the recorded sites (missing: ${missing.join(', ') || 'none'}; extra: ${extra.join(', ') || 'none'})`,
      });
    }
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
  if (m.fleet) map.set('fleet', JSON.stringify(m.fleet));
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
    fleet: parseJson(map.get('fleet')),
  });
  if (!r.success) {
    throw new RecordingError('corrupt', `recording metadata is invalid (${describeZodError(r.error)})`);
  }
  return r.data;
}
