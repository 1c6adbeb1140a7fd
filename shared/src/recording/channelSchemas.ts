import { z } from 'zod';
import { alertEventSchema } from '../alerts.ts';
import { siteSampleSchema } from '../sampleSchema.ts';
import { annotationSchema } from './annotationSchema.ts';
import { rackBlockJsonSchema } from './rackBlockJson.ts';
import type { RecordingChannelKind } from './recordingTopics.ts';
import { encodeUtf8 } from './textCodec.ts';

export interface ChannelSchema {
  name: string;
  encoding: 'jsonschema';
  data: Uint8Array;
}

const sources: Record<RecordingChannelKind, { name: string; schema: z.ZodType }> = {
  site: { name: 'gigawatt.SiteSample', schema: siteSampleSchema },
  racks: { name: 'gigawatt.RackBlock', schema: rackBlockJsonSchema },
  alert: { name: 'gigawatt.AlertEvent', schema: alertEventSchema },
  annotation: { name: 'gigawatt.Annotation', schema: annotationSchema },
};

const cache = new Map<RecordingChannelKind, ChannelSchema>();

/**
 * JSON Schemas generated from the same zod schemas that validate the messages, so the file's schema can
 * never drift from what the reader accepts. Built on first use: a reader never needs them.
 */
export function channelSchema(kind: RecordingChannelKind): ChannelSchema {
  let s = cache.get(kind);
  if (!s) {
    const { name, schema } = sources[kind];
    const json = { title: name, ...z.toJSONSchema(schema, { io: 'input' }) };
    s = { name, encoding: 'jsonschema', data: encodeUtf8(JSON.stringify(json)) };
    cache.set(kind, s);
  }
  return s;
}
