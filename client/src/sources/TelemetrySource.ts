import type {
  Alert,
  AlertEvent,
  FleetConfig,
  HallRef,
  HistoryResponse,
  RackBlock,
  Tick,
} from '@gigawatt/shared';

/**
 * What a source can do beyond streaming. Live has none of 'seek' / 'playback'; a recording has both.
 * Views show controls only for the capabilities the current source reports (model: Foxglove `Player`).
 */
export type SourceCapability = 'seek' | 'playback' | 'rackDetail' | 'history';

/**
 * - connecting: first connection attempt, no data yet
 * - live: connected and ticks arrive
 * - reconnecting: the connection dropped, retrying
 * - stale: connected, but no tick for longer than the stale threshold
 * - replay: data comes from a recording
 * - failed: the source gave up (for example a protocol mismatch); see the `error` event
 */
export type SourceStatus = 'connecting' | 'live' | 'reconnecting' | 'stale' | 'replay' | 'failed';

export type SourceEvent =
  | { type: 'status'; status: SourceStatus }
  /** The fleet and clock of the data that follows; sent again after every (re)connect. */
  | {
      type: 'hello';
      fleet: FleetConfig;
      serverTime: number;
      lastSeq: number;
      alerts: Alert[];
      /** Server seconds per wall second (1 live; more for a fast-clock server). */
      clockRate: number;
    }
  /** Ticks in seq order, without duplicates; several at once after a reconnect or a seek. */
  | { type: 'ticks'; ticks: Tick[] }
  | { type: 'racks'; block: RackBlock }
  /** An alert was raised, updated, acknowledged or cleared. */
  | { type: 'alert'; event: AlertEvent }
  /**
   * Data between `from` and `to` (ms, exclusive) was missed and not re-sent; the consumer fills it with
   * `fetchHistory` so charts show no hole.
   */
  | { type: 'gap'; from: number; to: number }
  /** Everything buffered so far no longer applies (a seek, or a different server). */
  | { type: 'reset' }
  | { type: 'error'; kind: 'protocol' | 'auth' | 'payload' | 'network'; message: string };

export type SourceListener = (event: SourceEvent) => void;

export interface HistoryQuery {
  series: readonly string[];
  from: number;
  to: number;
  maxPoints: number;
}

export interface TelemetrySource {
  readonly kind: 'live' | 'recording';
  readonly capabilities: ReadonlySet<SourceCapability>;
  readonly status: SourceStatus;
  /** Begins delivering events to `listener`; call once. */
  start(listener: SourceListener): void;
  /** Stops delivering events and releases connections and timers. */
  stop(): void;
  /**
   * Asks for rack detail of one hall (`racks` events). Reference counted: returns the function that
   * releases this subscription. Survives reconnects.
   */
  subscribeHall(ref: HallRef): () => void;
  /** Downsampled history for series ids (`fleet:…`, `site:…:…`, `hall:…:…:…`). */
  fetchHistory(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryResponse>;
}
