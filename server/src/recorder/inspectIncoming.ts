import { rm, stat } from 'node:fs/promises';
import {
  describeChunk,
  type OpenedRecording,
  RecordingError,
  type RecordingLevel,
  type RecordingMetadata,
  type RecordingScope,
  type RewriteOptions,
  type VerifyOptions,
  verifyRecording,
} from '@gigawatt/shared/recording';
import { compactRecordingFile } from './compactRecordingFile.ts';
import { openFileReadable } from './fileReadable.ts';
import { RecorderError } from './recorderError.ts';

/** What a file handed to the recorder (an upload, a synthesized demo) turned out to be. */
export interface IncomingRecording {
  metadata: RecordingMetadata | undefined;
  level: RecordingLevel;
  scope: RecordingScope;
  start: number | undefined;
  end: number | undefined;
  size: number;
  messages: number;
  /**
   * Set when the file was cut short or damaged and was rebuilt from what could be read: the readable
   * span that was kept, and what was lost.
   */
  recovered: string | undefined;
}

type Described = Omit<IncomingRecording, 'recovered' | 'size'>;

/** What one look at the file found. */
type Finding =
  | { kind: 'whole'; described: Described }
  /** No usable index (cut short, or index damaged): rebuild the file from its data, front to back. */
  | { kind: 'rebuild'; why: string }
  /**
   * Sound, but its messages are out of the index's reach (written without chunks or without message
   * indexes, as other MCAP writers may): rewritten, chunked and indexed, losing nothing.
   */
  | { kind: 'reindex' }
  /** A damaged chunk after a readable span: keep what precedes it. */
  | {
      kind: 'cut';
      options: Pick<RewriteOptions, 'stopAt' | 'fallbackMetadata'> & {
        stopAt: { offset: number; reason: string };
      };
    };

/**
 * At most this many looks: a rebuild of a cut-short file copies messages without checking them against
 * the schemas, so the rebuilt file may still hold a bad chunk, which the next look cuts off; the look
 * after that finds a file whose every chunk was already read and found good.
 */
const MAX_LOOKS = 3;
/** Library messages can be long; the listing's error field holds 500 characters in all. */
const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const iso = (t: number) => new Date(t).toISOString();

/** A recording's scope and level as the file states them, or as its channels show them. */
function describe(rec: OpenedRecording): Pick<IncomingRecording, 'level' | 'scope'> {
  const m = rec.metadata;
  if (m) return { level: m.level, scope: { sites: m.sites, ...(m.halls ? { halls: m.halls } : {}) } };
  const sites = [...new Set(rec.topics.flatMap((t) => (t.site === undefined ? [] : [t.site])))];
  if (sites.length > 64)
    throw new RecorderError('invalid', `the file has ${sites.length} sites (at most 64)`);
  return { level: rec.topics.some((t) => t.kind === 'racks') ? 'rack' : 'hall', scope: { sites } };
}

/** Opens the file and reads every chunk of it (verifyRecording); refusals are RecorderError 'invalid'. */
async function look(path: string, firstLook: boolean, options: VerifyOptions): Promise<Finding> {
  const file = await openFileReadable(path);
  try {
    let v: Awaited<ReturnType<typeof verifyRecording>>;
    try {
      v = await verifyRecording(file, options);
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      if (error.code === 'not-mcap') throw new RecorderError('invalid', error.message);
      // A codec this server cannot decode: say which, not "damaged" (nothing a rebuild could fix).
      if (error.code === 'unsupported') throw new RecorderError('invalid', error.message);
      if (error.code === 'invalid-message' || error.code === 'invalid-input')
        throw new RecorderError('invalid', `not a valid Gigawatt recording: ${error.message}`);
      if (!firstLook)
        throw new RecorderError(
          'invalid',
          `not a readable MCAP recording even after recovery: ${error.message}`,
        );
      return { kind: 'rebuild', why: error.message };
    }
    const rec = v.recording;
    if (!rec.metadata && rec.topics.length === 0) {
      throw new RecorderError(
        'invalid',
        'the MCAP file holds no Gigawatt recording (no gigawatt metadata and no /site, /racks, /alerts or /annotations channels)',
      );
    }
    if (v.damaged) {
      const what = `${describeChunk(v.damaged)} is damaged: ${clip(v.damaged.reason)}`;
      if (v.readable.messages === 0) {
        throw new RecorderError(
          'invalid',
          `${what}; no message before it is readable, so nothing can be kept`,
        );
      }
      return {
        kind: 'cut',
        options: {
          stopAt: { offset: v.damaged.offset, reason: what },
          ...(rec.metadata ? { fallbackMetadata: rec.metadata } : {}),
        },
      };
    }
    if (!rec.indexed) return { kind: 'reindex' };
    if (v.indexProblem) {
      if (!firstLook)
        throw new RecorderError(
          'invalid',
          `not a readable MCAP recording even after recovery: ${v.indexProblem}`,
        );
      return { kind: 'rebuild', why: v.indexProblem };
    }
    return {
      kind: 'whole',
      described: {
        metadata: rec.metadata,
        ...describe(rec),
        start: rec.startTime,
        end: rec.endTime,
        messages: rec.messageCount ?? 0,
      },
    };
  } finally {
    await file.close();
  }
}

/**
 * Checks that a file is a readable Gigawatt recording, reading all of it: the index (openRecording,
 * which refuses anything that is not MCAP, that points outside itself or declares absurd sizes), then
 * every chunk (verifyRecording: CRC, decompression to the declared size, every record, every message
 * against the shared schemas), then every message once more as found through the index. A file
 * accepted as it is reads to its end, so its replay and CSV export never break off midway.
 *
 * One rule for damage, the same as for a segment cut short by a crash: **the readable span is what
 * precedes the first damage, in file order**. A file cut short or with a damaged index is rebuilt from
 * its data front to back, up to the first incomplete or damaged record; a file with a damaged chunk
 * keeps the chunks before it. Either way it is kept as `recovered` with the readable span and what was
 * lost stated in `recovered` (the listing's `error`), provided at least one message precedes the
 * damage; otherwise it is refused, naming the first bad chunk and its time span. Chunks after a damaged
 * one are not kept even when they read well: a Gigawatt writer declares each channel in the first chunk
 * that uses it, so later chunks may depend on the damaged one. Anything refused is a RecorderError
 * 'invalid' with a message meant for the person who sent the file.
 *
 * `options.decode: false` skips the schema check of every message (two thirds of the time) and is
 * meant only for files this server has just written itself (demos).
 */
export async function inspectIncoming(path: string, options: VerifyOptions = {}): Promise<IncomingRecording> {
  const repairs: string[] = [];
  for (let n = 0; n < MAX_LOOKS; n++) {
    const found = await look(path, n === 0, options);
    if (found.kind === 'whole') {
      const { described } = found;
      const size = (await stat(path)).size;
      if (repairs.length === 0) return { ...described, size, recovered: undefined };
      const span =
        described.start === undefined || described.end === undefined
          ? 'no readable message'
          : `readable span ${iso(described.start)} to ${iso(described.end)} (${described.messages} messages)`;
      return { ...described, size, recovered: `${span}; ${repairs.join('; ')}` };
    }
    const repaired = await repair(path, found);
    if (repaired !== undefined) repairs.push(repaired);
  }
  throw new RecorderError('invalid', `the file could not be made readable (${repairs.join('; ')})`);
}

/**
 * Rebuilds the file in place from what precedes its first damage; says what was lost, or nothing when
 * nothing was (a sound file that was only re-indexed).
 */
async function repair(path: string, found: Exclude<Finding, { kind: 'whole' }>): Promise<string | undefined> {
  const files = { dir: '', mcap: path, sidecar: '', temp: `${path}.recover.tmp` };
  try {
    const r = await compactRecordingFile(files, {
      mode: 'recover',
      ...(found.kind === 'cut' ? found.options : {}),
    });
    if (found.kind === 'reindex' && r.complete) return undefined;
    if (r.messages === 0 && !r.complete) {
      throw new RecorderError(
        'invalid',
        `the MCAP file is cut short or damaged before its first message (${clip(r.reason ?? 'no reason given')})`,
      );
    }
    // The rebuild may stop before the damaged chunk (a damaged record between chunks): its reason then.
    if (found.kind === 'cut')
      return `${clip(r.reason ?? found.options.stopAt.reason, 320)}; kept the ${r.messages} messages before it`;
    const why = found.kind === 'rebuild' ? found.why : 'its messages were not indexed';
    return r.complete
      ? `the file’s index was damaged (${clip(why, 120)}); it was rebuilt from the data`
      : `the file was cut short or damaged (${clip(r.reason ?? why)}); kept its ${r.messages} complete messages`;
  } catch (error) {
    await rm(files.temp, { force: true });
    if (error instanceof RecorderError) throw error;
    if (error instanceof RecordingError && error.code === 'unsupported')
      throw new RecorderError('invalid', error.message);
    if (error instanceof RecordingError)
      throw new RecorderError('invalid', `not a readable MCAP recording: ${error.message}`);
    throw error;
  }
}
