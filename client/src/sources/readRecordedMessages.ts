import {
  asRecordingError,
  decodeRecordedMessage,
  logTimeOf,
  type OpenedRecording,
  type ParsedTopic,
  parseTopic,
  type RecordedMessage,
  RecordingError,
} from '@gigawatt/shared/recording';

export interface ReadWindow {
  /** ms, inclusive */
  from: number;
  /** ms, inclusive */
  to: number;
  topics: readonly string[];
}

/** Work between yields to the event loop: a long read must not freeze the page (a 50 ms long task). */
const SLICE_MS = 8;

type Yielder = { yield?: () => Promise<void> };

/**
 * Lets rendering and input run. `scheduler.yield` where the browser has it (not throttled in a
 * background tab, unlike timers), else a macrotask.
 */
function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Yielder }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Channel id → its Gigawatt topic, built once per file. */
export type ChannelTopics = ReadonlyMap<number, { topic: string; parsed: ParsedTopic }>;

export function channelTopics(opened: OpenedRecording): ChannelTopics {
  const out = new Map<number, { topic: string; parsed: ParsedTopic }>();
  for (const channel of opened.reader.channelsById.values()) {
    const parsed = parseTopic(channel.topic);
    if (parsed && channel.messageEncoding === 'json') out.set(channel.id, { topic: channel.topic, parsed });
  }
  return out;
}

/**
 * Like OpenedRecording.readMessages, but a message that fails validation is skipped and reported
 * instead of ending the read: the live path drops one malformed payload with a warning and keeps
 * going, and playback of an otherwise good file should too. Damage to the file's structure (a bad
 * chunk, a failed fetch) still ends the read, as a RecordingError. Yields to the event loop every few
 * milliseconds of work.
 */
export async function* readRecordedMessages(
  opened: OpenedRecording,
  channels: ChannelTopics,
  window: ReadWindow,
  onInvalid: (error: RecordingError) => void,
): AsyncGenerator<RecordedMessage, void, void> {
  if (window.topics.length === 0 || window.to < window.from) return;
  const messages = opened.reader.readMessages({
    topics: [...window.topics],
    startTime: logTimeOf(Math.max(0, window.from)),
    endTime: logTimeOf(Math.max(0, window.to)),
  });
  let sliceStart = performance.now();
  try {
    for (;;) {
      // Bytes in memory resolve every read at once: without this a day-long history query would run
      // as one task.
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
      let next: IteratorResult<{ channelId: number; logTime: bigint; data: Uint8Array }>;
      try {
        next = await messages.next();
      } catch (error) {
        throw asRecordingError(error, 'corrupt', 'cannot read the recording');
      }
      if (next.done) return;
      const channel = channels.get(next.value.channelId);
      if (!channel) continue;
      let decoded: RecordedMessage;
      try {
        decoded = decodeRecordedMessage(channel.topic, channel.parsed, next.value.logTime, next.value.data);
      } catch (error) {
        if (!(error instanceof RecordingError)) throw error;
        onInvalid(error);
        continue;
      }
      yield decoded;
    }
  } finally {
    // A consumer that stops early (a seek) must not leave the reader's chunk cursors behind.
    await messages.return(undefined);
  }
}
