import { z } from 'zod';
import { idSchema } from '../fleetSchema.ts';
import { hallRefSchema } from '../protocol.ts';
import { epochMsSchema } from '../sampleSchema.ts';

/** site: SiteSample without halls; hall: SiteSample with halls; rack: also rack blocks. */
export const recordingLevelSchema = z.enum(['site', 'hall', 'rack']);
export type RecordingLevel = z.infer<typeof recordingLevelSchema>;

/** Which part of the fleet a recording holds; an absent list means "all". */
export const recordingScopeSchema = z.object({
  sites: z.array(idSchema).max(64).optional(),
  halls: z.array(hallRefSchema).max(4096).optional(),
});
export type RecordingScope = z.infer<typeof recordingScopeSchema>;

/**
 * A recording's display name: metadata only, never part of a path (ids are generated), so any printable
 * text is fine; control characters are refused because names end up in logs and CSV headers.
 */
export const recordingNameSchema = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(120)
  .regex(/^[^\p{Cc}]*$/u, 'name must not contain control characters');

/** Body of "start a capture" (POST /api/recordings). */
export const captureRequestSchema = z.object({
  name: recordingNameSchema,
  level: recordingLevelSchema,
  sites: recordingScopeSchema.shape.sites,
  halls: recordingScopeSchema.shape.halls,
});
export type CaptureRequest = z.infer<typeof captureRequestSchema>;

/**
 * Generated ids only ("seg-20260601T120000Z-1a2b3c4d"; "cap-", "demo-" and "imp-" for the other kinds):
 * the strict pattern is what lets an id be used in a file name, so nothing a client sends can name a
 * path. Ids never come from names.
 */
export const RECORDING_ID_PATTERN = /^(seg|cap|demo|imp)-\d{8}T\d{6}Z-[0-9a-f]{8}$/;
export const recordingIdSchema = z.string().regex(RECORDING_ID_PATTERN, 'not a recording id');

/**
 * segment: the always-on recorder's rolling files (the only kind retention deletes); capture: started by
 * an engineer; demo: synthesized scenarios the built-in simulator ships with; import: a file an engineer
 * uploaded (POST /api/recordings/import).
 */
export const recordingKindSchema = z.enum(['segment', 'capture', 'demo', 'import']);
export type RecordingKind = z.infer<typeof recordingKindSchema>;

export const recordingStateSchema = z.enum(['recording', 'complete', 'recovered', 'failed']);
export type RecordingState = z.infer<typeof recordingStateSchema>;

/** One recording as GET /api/recordings lists it (and as the server's JSON sidecar stores it). */
export const recordingInfoSchema = z.object({
  id: recordingIdSchema,
  kind: recordingKindSchema,
  name: recordingNameSchema,
  level: recordingLevelSchema,
  scope: recordingScopeSchema,
  /** First and last message time (ms); while nothing is recorded, start is when recording began. */
  start: epochMsSchema,
  end: epochMsSchema.optional(),
  /**
   * While recording: the last message time (ms) already on disk in whole chunks, the end of what GET
   * …/file serves now (within about a second of now); absent once the file is finished.
   */
  flushedEnd: epochMsSchema.optional(),
  /** Bytes of the .mcap file. */
  size: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  state: recordingStateSchema,
  /** Why a recording stopped early (disk full) or could not be recovered. */
  error: z.string().max(500).optional(),
  created: epochMsSchema,
});
export type RecordingInfo = z.infer<typeof recordingInfoSchema>;
