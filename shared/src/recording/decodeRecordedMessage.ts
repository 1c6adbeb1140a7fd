import type { z } from 'zod';
import { type AlertEvent, alertEventSchema } from '../alerts.ts';
import type { RackBlock, SiteSample } from '../sampleSchema.ts';
import { siteSampleSchema } from '../sampleSchema.ts';
import { describeZodError } from '../validation.ts';
import { type Annotation, annotationSchema } from './annotationSchema.ts';
import { rackBlockFromJson, rackBlockJsonSchema } from './rackBlockJson.ts';
import { errorMessage, RecordingError } from './recordingError.ts';
import type { ParsedTopic } from './recordingTopics.ts';
import { decodeUtf8 } from './textCodec.ts';

/** One message of a recording, decoded and validated; `t` is its log time in ms. */
export type RecordedMessage =
  | { kind: 'site'; topic: string; t: number; sample: SiteSample }
  | { kind: 'racks'; topic: string; t: number; block: RackBlock }
  | { kind: 'alert'; topic: string; t: number; event: AlertEvent }
  | { kind: 'annotation'; topic: string; t: number; annotation: Annotation };

const NS_PER_MS = 1_000_000n;

function parse<T>(schema: z.ZodType<T>, value: unknown, fail: (why: string) => RecordingError): T {
  const r = schema.safeParse(value);
  if (!r.success) throw fail(describeZodError(r.error));
  return r.data;
}

/**
 * Every field of every message is checked against the shared schemas, and its time and ids against the
 * channel it came on: a file is untrusted input (an upload, a dropped file), and a view must never see
 * a payload the live path would have refused.
 */
export function decodeRecordedMessage(
  topic: string,
  parsed: ParsedTopic,
  logTime: bigint,
  data: Uint8Array,
): RecordedMessage {
  const t = Number(logTime / NS_PER_MS);
  const fail = (why: string) =>
    new RecordingError('invalid-message', `invalid message on ${topic} at log time ${logTime}: ${why}`);
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(data));
  } catch (error) {
    throw fail(`not JSON (${errorMessage(error)})`);
  }
  const sameTime = (messageT: number) => {
    if (BigInt(messageT) * NS_PER_MS !== logTime)
      throw fail(`message t ${messageT} differs from its log time`);
  };
  switch (parsed.kind) {
    case 'site': {
      const sample = parse(siteSampleSchema, json, fail);
      if (sample.site !== parsed.site)
        throw fail(`sample of site "${sample.site}" on another site's channel`);
      sameTime(sample.t);
      return { kind: 'site', topic, t, sample };
    }
    case 'racks': {
      const raw = parse(rackBlockJsonSchema, json, fail);
      if (raw.site !== parsed.site || raw.hall !== parsed.hall) throw fail('rack block of another hall');
      sameTime(raw.t);
      const block = rackBlockFromJson(raw);
      if (typeof block === 'string') throw fail(block);
      return { kind: 'racks', topic, t, block };
    }
    case 'alert':
      return { kind: 'alert', topic, t, event: parse(alertEventSchema, json, fail) };
    case 'annotation': {
      const annotation = parse(annotationSchema, json, fail);
      sameTime(annotation.t);
      return { kind: 'annotation', topic, t, annotation };
    }
  }
}
