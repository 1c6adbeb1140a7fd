import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { alertEventSchema, type SiteSample, siteSampleSchema } from '@gigawatt/shared';
import { type Annotation, annotationSchema } from '@gigawatt/shared/recording';
import pg from 'pg';
import { StartupError } from '../startupError.ts';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import {
  CheckpointError,
  type CheckpointHeader,
  decodeCheckpoint,
  encodeChunk,
  encodeEnd,
  encodeHeader,
} from './checkpointCodec.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import type { PersistedAlert, RestoredState, StateStorage } from './stateStorage.ts';

/** How often queued writes go to the database: also what a kill -9 can lose (see the class comment). */
const FLUSH_MS = 150;
/** Rows per INSERT. */
const BATCH = 2000;
/** One hour of the default fleet (4 sites, one sample a second). */
const DEFAULT_MAX_QUEUED = 4 * 3600;
const MAX_QUEUED_ALERTS = 10_000;
/** Alerts kept at most (cleared ones are dropped first), as the file store does. */
const MAX_KEPT_ALERTS = 2000;
/** Checkpoints kept: the newest, and the one before it in case the newest cannot be read. */
const KEEP_CHECKPOINTS = 2;
/**
 * No statement runs longer than this (server-side statement_timeout), so a sample id allocated this long
 * ago belongs to a row that is committed or never will be: what checkpoints rely on (see catchUp).
 */
const STATEMENT_TIMEOUT_MS = 30_000;
const SAFE_MS = 2 * STATEMENT_TIMEOUT_MS;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;
/** Rows read per round trip at restore and catch-up. */
const PAGE = 5000;
/** Advisory lock keys (first half of the two-int form; the second is the schema's hash). */
const LOCK_MIGRATE = 0x67770001;
const LOCK_CHECKPOINT = 0x67770002;

export interface PostgresStateStorageOptions {
  /** Warnings (the server passes its logger's); default: not reported. */
  log?: (line: string) => void;
  /** How long start-up keeps trying an unreachable database before giving up (ms). */
  connectTimeoutMs?: number;
  /** Samples queued at most while the database is away; the oldest are dropped past it. */
  maxQueued?: number;
  /**
   * Tests: how old a highest-id mark must be before a checkpoint trusts every row below it to be
   * committed (default 2 × the statement timeout).
   */
  safeMs?: number;
  /** Tests: the pool to use (one that fails on demand), instead of one made from the URL. */
  pool?: pg.Pool;
}

export interface PostgresStorageStats {
  queued: number;
  queuedAlerts: number;
  /** Samples and alert changes written since start. */
  written: number;
  writtenAlerts: number;
  /** Samples dropped because the queue was full (the database was away too long). */
  dropped: number;
  failedFlushes: number;
  /** Rows the database refused as data (never retried). */
  rejected: number;
  lastError: string | undefined;
  /** When a flush last succeeded (ms since epoch). */
  lastFlushAt: number | undefined;
  checkpoints: number;
  lastCheckpoint: { ms: number; bytes: number; caughtUp: number } | undefined;
}

/** The database can not be reached (or refuses us) at start-up: the message names host and port only. */
export class DatabaseUnavailableError extends StartupError {
  override name = 'DatabaseUnavailableError';
}

/** host:port/database of a postgres:// URL: for messages and logs, never with its password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.searchParams.get('host') ?? (u.hostname || 'localhost');
    return `${host}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'the database in DATABASE_URL';
  }
}

const errorText = (e: unknown): string => {
  const err = e as { code?: string; message?: string };
  const msg = err?.message || String(e);
  return err?.code && !msg.includes(err.code) ? `${err.code}: ${msg}` : msg;
};

/** Errors that waiting may cure: the server is down, starting or restarting, or the network dropped. */
const transient = (e: unknown): boolean => {
  const code = (e as { code?: string })?.code ?? '';
  if (/^(ECONN|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)/.test(code)) return true;
  // 57P01-03: admin shutdown, crash shutdown, cannot connect now (starting up); 08xxx: connection errors.
  if (/^(57P0[1-3]|08)/.test(code)) return true;
  return /timeout|terminated|Connection ended|not queryable/i.test(errorText(e));
};

interface QueuedSample {
  sample: SiteSample;
  live: boolean;
}

interface QueuedAnnotation {
  annotation: Annotation;
  recordings: readonly string[];
}

/**
 * History, the alert log and annotations in PostgreSQL, for several server nodes (scale-out,
 * DATABASE_URL). The same shape as the file store: a sample log (`samples`) plus a binary checkpoint of
 * the history tiers (`checkpoints`, the file store's own format), and an alert log (`alert_events`).
 * Restore = the newest checkpoint + the samples from its replay_from_id, in id order (tiers are addressed
 * by time, so replaying what a checkpoint already holds changes nothing).
 *
 * Durability is weaker than the file store's: appends are queued in memory and written every
 * FLUSH_MS (150 ms) in multi-row INSERTs, so a kill -9 of the process loses what was queued — the last
 * ~150 ms of samples and alert changes, plus, while the database is unreachable, everything queued
 * since it went away (up to `maxQueued` samples, one hour of the default fleet; older ones are dropped
 * and counted). Once a row is committed it survives the loss of every node. A clean close() flushes.
 *
 * Several nodes share one database: a second written twice is kept once (UNIQUE (site, t)); checkpoints
 * are taken by one node at a time (an advisory lock; the others skip theirs) and first read the rows other
 * nodes wrote (catchUp), so a checkpoint never claims a row it does not hold.
 */
export class PostgresStateStorage implements StateStorage {
  readonly kind = 'postgres';
  /** host:port/database, never the password. */
  readonly where: string;
  private readonly pool: pg.Pool;
  private readonly ownPool: boolean;
  private readonly log: (line: string) => void;
  private readonly connectTimeoutMs: number;
  private readonly maxQueued: number;
  private readonly safeMs: number;
  /** This instance's rows in `samples` (a node's run). */
  readonly writer = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;

  private queue: QueuedSample[] = [];
  private alertQueue: PersistedAlert[] = [];
  private annotationQueue: QueuedAnnotation[] = [];
  private flushing: Promise<void> | undefined;
  /** Taken off the queues by the flush under way (still "queued" until written). */
  private inFlight = { samples: 0, alerts: 0 };
  private timer: NodeJS.Timeout | undefined;
  private retryAt = 0;
  private backoffMs = RETRY_MIN_MS;
  private outageSince: number | undefined;
  private droppedThisOutage = 0;
  private checkpointing: Promise<void> | undefined;
  private store: TelemetryStore | undefined;
  private started = false;
  private closed = false;
  /**
   * Every row with an id ≤ base is in the store this instance serves (restored or caught up): a
   * checkpoint may say so. `marks` are the highest ids seen at given times (see catchUp).
   */
  private base = 0;
  private marks: { at: number; maxId: number }[] = [];
  private skippedCheckpointLogged = false;
  /** A checkpoint still writing past this (ms since epoch; set by close) gives up and rolls back. */
  private checkpointDeadline = Number.POSITIVE_INFINITY;
  private readonly st: PostgresStorageStats = {
    queued: 0,
    queuedAlerts: 0,
    written: 0,
    writtenAlerts: 0,
    dropped: 0,
    failedFlushes: 0,
    rejected: 0,
    lastError: undefined,
    lastFlushAt: undefined,
    checkpoints: 0,
    lastCheckpoint: undefined,
  };

  constructor(databaseUrl: string, opts: PostgresStateStorageOptions = {}) {
    this.where = describeDatabaseUrl(databaseUrl);
    this.log = opts.log ?? (() => {});
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
    this.maxQueued = opts.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.safeMs = opts.safeMs ?? SAFE_MS;
    this.ownPool = opts.pool === undefined;
    this.pool =
      opts.pool ??
      new pg.Pool({
        connectionString: databaseUrl,
        max: 4,
        connectionTimeoutMillis: 3000,
        idleTimeoutMillis: 30_000,
        keepAlive: true,
        statement_timeout: STATEMENT_TIMEOUT_MS,
        query_timeout: STATEMENT_TIMEOUT_MS + 5000,
        application_name: 'gigawatt',
      });
    // An idle connection the server drops (restart, pg_terminate_backend) must not end the process.
    this.pool.on('error', (e) => this.noteError(e));
  }

  get stats(): PostgresStorageStats {
    return {
      ...this.st,
      queued: this.queue.length + this.inFlight.samples,
      queuedAlerts: this.alertQueue.length + this.inFlight.alerts,
    };
  }

  /**
   * For readiness: ok when nothing waits on a failed write and the database answers within timeoutMs.
   * The detail names host and port, never the password.
   */
  async check(timeoutMs = 1000): Promise<{ ok: boolean; detail: string }> {
    if (this.outageSince !== undefined) {
      return {
        ok: false,
        detail: `database ${this.where} unreachable for ${Math.round((Date.now() - this.outageSince) / 1000)} s (${this.st.lastError}); ${this.queue.length} samples queued`,
      };
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { ok: true, detail: `database ${this.where}` };
    } catch (e) {
      return { ok: false, detail: `database ${this.where} unreachable (${errorText(e)})` };
    } finally {
      clearTimeout(timer);
    }
  }

  // --- start-up -------------------------------------------------------------------------------------

  /** Waits for the database (a few seconds), then applies the migrations it lacks. */
  private async connect(): Promise<void> {
    const deadline = Date.now() + this.connectTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.pool.query('SELECT 1');
        break;
      } catch (e) {
        if (!transient(e) || Date.now() >= deadline) {
          throw new DatabaseUnavailableError(
            `PostgreSQL at ${this.where} ${transient(e) ? `is unreachable after ${attempt} attempts in ${Math.round(this.connectTimeoutMs / 1000)} s` : 'refused the connection'} (${errorText(e)}); check DATABASE_URL and that the database is running`,
          );
        }
        await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
      }
    }
    await this.migrate();
  }

  /** Applies missing migrations in one transaction; nodes starting together wait on the lock. */
  private async migrate(): Promise<void> {
    await this.withClient(async (client) => {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_MIGRATE]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const have = new Set(rows.map((r) => r.version));
      const newest = Math.max(0, ...have);
      const known = MIGRATIONS.at(-1)?.version ?? 0;
      if (newest > known) {
        throw new DatabaseUnavailableError(
          `the database at ${this.where} has schema version ${newest}, newer than this server knows (${known}): run a newer server`,
        );
      }
      const todo: Migration[] = MIGRATIONS.filter((m) => !have.has(m.version));
      for (const m of todo) {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
      }
      await client.query('COMMIT');
      if (todo.length > 0) {
        this.log(
          `[state] database ${this.where}: applied migrations ${todo.map((m) => m.version).join(', ')}`,
        );
      }
    });
  }

  async restore(store: TelemetryStore): Promise<RestoredState> {
    const started = performance.now();
    try {
      await this.connect();
    } catch (e) {
      if (this.ownPool) await this.pool.end().catch(() => undefined);
      this.closed = true;
      throw e;
    }
    this.store = store;
    let replayFrom = 1;
    let checkpointAt: number | undefined;
    const { rows: ckpts } = await this.pool.query<{ id: string; replay_from_id: string; header: Buffer }>(
      'SELECT id, replay_from_id, header FROM checkpoints ORDER BY id DESC',
    );
    for (const c of ckpts) {
      try {
        const { header, chunks } = await this.readCheckpoint(c.id, c.header);
        for (const chunk of chunks) store.importChunk(chunk);
        store.restoreLatest(header.latest);
        replayFrom = Number(c.replay_from_id);
        checkpointAt = header.savedAt;
        break;
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
        this.log(`[state] checkpoint ${c.id} unreadable (${e.message}); trying an older one`);
      }
    }
    if (checkpointAt === undefined && ckpts.length > 0) {
      this.log('[state] no readable checkpoint; restoring from the sample log alone');
      replayFrom = 1;
    }
    let samples = 0;
    let bad = 0;
    let lastId = replayFrom - 1;
    for (;;) {
      const { rows } = await this.pool.query<{ id: string; live: boolean; body: unknown }>(
        'SELECT id, live, body FROM samples WHERE id > $1 ORDER BY id LIMIT $2',
        [lastId, PAGE],
      );
      for (const r of rows) {
        const parsed = siteSampleSchema.safeParse(r.body);
        if (parsed.success && store.idx.site(parsed.data.site)) {
          store.putSample(parsed.data, r.live);
          samples++;
        } else bad++;
      }
      if (rows.length < PAGE) break;
      lastId = Number(rows.at(-1)!.id);
    }
    if (bad > 0) this.log(`[state] skipped ${bad} unreadable sample row(s)`);
    const { rows: maxRows } = await this.pool.query<{ max: string | null }>(
      'SELECT max(id) AS max FROM samples',
    );
    this.base = replayFrom - 1;
    this.marks = [{ at: Date.now(), maxId: Number(maxRows[0]?.max ?? 0) }];
    const alerts = await this.restoreAlerts();
    this.started = true;
    this.timer = setInterval(() => this.tick(), FLUSH_MS);
    this.timer.unref();
    return { samples, alerts, checkpointAt, ms: performance.now() - started };
  }

  private async readCheckpoint(id: string, headerBytes: Buffer) {
    // Binary results: the chunks arrive as bytes, not as hex text twice their size.
    // Text results (hex): pg's binary result mode decodes every field as UTF-8, which mangles bytes.
    const { rows } = await this.pool.query<{ data: Buffer }>(
      'SELECT data FROM checkpoint_chunks WHERE checkpoint_id = $1 ORDER BY seq',
      [id],
    );
    return decodeCheckpoint(Buffer.concat([headerBytes, ...rows.map((r) => r.data), encodeEnd()]));
  }

  /** The alert log compacted to the newest change of each alert (at most MAX_KEPT_ALERTS), oldest first. */
  private async restoreAlerts(): Promise<PersistedAlert[]> {
    await this.compactAlerts();
    const { rows } = await this.pool.query<{ body: unknown; context: number | null }>(
      'SELECT body, context FROM alert_events ORDER BY id',
    );
    const out: PersistedAlert[] = [];
    for (const r of rows) {
      const event = alertEventSchema.safeParse(r.body);
      if (!event.success) continue;
      out.push({ event: event.data, ...(r.context === null ? {} : { context: r.context }) });
    }
    return out;
  }

  private async compactAlerts(): Promise<void> {
    await this.pool.query(
      `DELETE FROM alert_events a
        WHERE EXISTS (SELECT 1 FROM alert_events b WHERE b.alert_id = a.alert_id AND b.id > a.id)`,
    );
    await this.pool.query(
      `DELETE FROM alert_events WHERE id IN (
         SELECT id FROM alert_events WHERE state = 'cleared' ORDER BY id
          LIMIT greatest(0, (SELECT count(*) FROM alert_events) - $1))`,
      [MAX_KEPT_ALERTS],
    );
  }

  // --- appends: queued, written in batches ------------------------------------------------------------

  appendSample(sample: SiteSample, live: boolean): void {
    if (this.closed) return;
    this.queue.push({ sample, live });
    if (this.queue.length > this.maxQueued) this.dropOldest();
  }

  appendAlert(entry: PersistedAlert): void {
    if (this.closed) return;
    this.alertQueue.push(entry);
    if (this.alertQueue.length > MAX_QUEUED_ALERTS) {
      this.alertQueue.splice(0, this.alertQueue.length - MAX_QUEUED_ALERTS);
    }
  }

  /** An annotation, kept besides the recording files (the recorder calls this after writing them). */
  appendAnnotation(annotation: Annotation, recordings: readonly string[]): void {
    if (this.closed) return;
    this.annotationQueue.push({ annotation, recordings: [...recordings] });
  }

  /** Annotations whose t lies in [from, to], by t. */
  async annotations(from: number, to: number): Promise<(Annotation & { recordings: string[] })[]> {
    const { rows } = await this.pool.query<{ body: unknown; recordings: string[] }>(
      'SELECT body, recordings FROM annotations WHERE t BETWEEN $1 AND $2 ORDER BY t, id',
      [from, to],
    );
    const out: (Annotation & { recordings: string[] })[] = [];
    for (const r of rows) {
      const a = annotationSchema.safeParse(r.body);
      if (a.success) out.push({ ...a.data, recordings: r.recordings });
    }
    return out;
  }

  private dropOldest(): void {
    const n = this.queue.length - this.maxQueued;
    this.queue.splice(0, n);
    this.st.dropped += n;
    if (this.droppedThisOutage === 0) {
      this.log(
        `[state] history write queue full (${this.maxQueued} samples; database ${this.where} away): dropping the oldest. This node's tiers still hold them; its next checkpoint writes them`,
      );
    }
    this.droppedThisOutage += n;
  }

  private tick(): void {
    if (this.flushing || this.closed || Date.now() < this.retryAt || !this.pending()) return;
    this.runFlush().catch(() => undefined);
  }

  private pending(): boolean {
    return this.queue.length > 0 || this.alertQueue.length > 0 || this.annotationQueue.length > 0;
  }

  /** One flush at a time: ids are allocated in the order things happened (the alert log relies on it). */
  private runFlush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /**
   * Writes everything queued now (several batches if need be). Rejects on the first failed write; what
   * was not written stays queued, in order, for the next attempt.
   */
  async flush(): Promise<void> {
    while (this.pending() || this.flushing) {
      if (this.flushing) await this.flushing.catch(() => undefined);
      else await this.runFlush();
    }
  }

  private async flushOnce(): Promise<void> {
    const alerts = this.alertQueue.splice(0, BATCH);
    const notes = dedupeNotes(this.annotationQueue.splice(0, BATCH));
    const batch = this.queue.splice(0, BATCH);
    this.inFlight = { samples: batch.length, alerts: alerts.length };
    try {
      const a = alerts.length;
      await this.writeAll(alerts, 'alert change', (rows) =>
        this.pool.query(
          `INSERT INTO alert_events (alert_id, state, body, context)
           SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::float8[])`,
          [
            rows.map((r) => r.event.alert.id),
            rows.map((r) => r.event.alert.state),
            rows.map((r) => jsonText(r.event)),
            rows.map((r) => r.context ?? null),
          ],
        ),
      );
      this.st.writtenAlerts += a;
      await this.writeAll(notes, 'annotation', (rows) =>
        this.pool.query(
          `INSERT INTO annotations (id, t, end_t, recordings, body)
           SELECT id, t, end_t, ARRAY(SELECT json_array_elements_text(recs)), body
             FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::json[], $5::jsonb[])
               AS u(id, t, end_t, recs, body)
           ON CONFLICT (id) DO UPDATE SET recordings = ARRAY(
             SELECT DISTINCT r FROM unnest(annotations.recordings || excluded.recordings) r ORDER BY r)`,
          [
            rows.map((r) => r.annotation.id),
            rows.map((r) => r.annotation.t),
            rows.map((r) => r.annotation.end ?? null),
            rows.map((r) => JSON.stringify(r.recordings)),
            rows.map((r) => jsonText(r.annotation)),
          ],
        ),
      );
      const n = batch.length;
      // One JSON parameter for the whole batch: PostgreSQL parses it once (about twice as fast as arrays).
      await this.writeAll(batch, 'sample', (rows) =>
        this.pool.query(
          `INSERT INTO samples (site, t, live, writer, body)
           SELECT e->'s'->>'site', (e->'s'->>'t')::bigint, (e->>'l')::boolean, $2, e->'s'
             FROM jsonb_array_elements($1::jsonb) e
           ON CONFLICT (site, t) DO NOTHING`,
          [jsonText(rows.map((r) => ({ l: r.live, s: r.sample }))), this.writer],
        ),
      );
      this.st.written += n;
      this.inFlight = { samples: 0, alerts: 0 };
      this.onFlushed();
    } catch (e) {
      this.inFlight = { samples: 0, alerts: 0 };
      // What was not written goes back in front, in order; the bound holds (the oldest go first).
      this.alertQueue.unshift(...alerts);
      this.annotationQueue.unshift(...notes);
      this.queue.unshift(...batch);
      if (this.queue.length > this.maxQueued) this.dropOldest();
      this.onFlushFailed(e);
      throw e;
    }
  }

  /**
   * Writes rows, removing them from `rows` once written. A row the database refuses (a data error, not
   * an outage) must not block everything queued behind it: the batch is retried a row at a time and the
   * refused ones are dropped, counted and logged.
   */
  private async writeAll<T>(rows: T[], what: string, write: (rows: T[]) => Promise<unknown>): Promise<void> {
    if (rows.length === 0) return;
    try {
      await write(rows);
      rows.length = 0;
      return;
    } catch (e) {
      if (!dataError(e)) throw e;
    }
    while (rows.length > 0) {
      try {
        await write([rows[0]!]);
      } catch (e) {
        if (!dataError(e)) throw e;
        this.st.rejected++;
        this.log(`[state] database ${this.where} refused a ${what} (${errorText(e)}); dropped it`);
      }
      rows.shift();
    }
  }

  private noteError(e: unknown): void {
    this.st.lastError = errorText(e);
  }

  /**
   * A client of its own for a transaction. A connection lost while it is checked out emits 'error' on
   * it (the pool listens only to idle ones): noted here instead of ending the process, and the client
   * is discarded rather than returned to the pool.
   */
  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (e: Error) => {
      broken = e;
      this.noteError(e);
    };
    client.on('error', onError);
    try {
      return await fn(client);
    } catch (e) {
      broken ??= e instanceof Error ? e : new Error(String(e));
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  private onFlushFailed(e: unknown): void {
    this.noteError(e);
    this.st.failedFlushes++;
    this.retryAt = Date.now() + this.backoffMs;
    this.backoffMs = Math.min(RETRY_MAX_MS, this.backoffMs * 2);
    if (this.outageSince === undefined) {
      this.outageSince = Date.now();
      this.log(
        `[state] cannot write to database ${this.where} (${errorText(e)}); queueing history (up to ${this.maxQueued} samples) and retrying`,
      );
    }
  }

  private onFlushed(): void {
    this.st.lastFlushAt = Date.now();
    this.retryAt = 0;
    this.backoffMs = RETRY_MIN_MS;
    if (this.outageSince === undefined || this.queue.length > 0) return;
    const away = ((Date.now() - this.outageSince) / 1000).toFixed(1);
    const dropped = this.droppedThisOutage;
    this.log(
      `[state] database ${this.where} back after ${away} s; queued history written${dropped > 0 ? ` (${dropped} samples had been dropped: checkpointing this node's tiers now)` : ''}`,
    );
    this.outageSince = undefined;
    this.droppedThisOutage = 0;
    // The dropped seconds are still in this node's tiers: a checkpoint puts them in the database.
    if (dropped > 0 && this.store) {
      this.checkpoint(this.store).catch((err: unknown) =>
        this.log(`[state] checkpoint after the outage failed: ${errorText(err)}`),
      );
    }
  }

  // --- checkpoints ------------------------------------------------------------------------------------

  checkpoint(store: TelemetryStore): Promise<void> {
    this.checkpointing ??= this.writeCheckpoint(store).finally(() => {
      this.checkpointing = undefined;
    });
    return this.checkpointing;
  }

  /**
   * One transaction: take the checkpoint lock (another node holding it: skip, theirs will do), read the
   * rows other nodes wrote that this store may lack, write the store's tiers, keep the newest
   * KEEP_CHECKPOINTS and delete the samples they all cover.
   */
  private async writeCheckpoint(store: TelemetryStore): Promise<void> {
    if (!this.started || this.closed) return;
    const started = performance.now();
    await this.withClient(async (client) => {
      await client.query('BEGIN');
      const { rows: lock } = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema())) AS ok',
        [LOCK_CHECKPOINT],
      );
      if (!lock[0]?.ok) {
        await client.query('ROLLBACK');
        return;
      }
      const { rows: state } = await client.query<{ max: string | null; min_rf: string | null }>(
        'SELECT (SELECT max(id) FROM samples) AS max, (SELECT min(replay_from_id) FROM checkpoints) AS min_rf',
      );
      const now = Date.now();
      this.marks.push({ at: now, maxId: Number(state[0]?.max ?? 0) });
      const minKept = state[0]?.min_rf === null || state[0] === undefined ? 1 : Number(state[0].min_rf);
      if (this.base + 1 < minKept) {
        // Rows between what this node holds and what the kept checkpoints cover were deleted: this
        // node cannot prove it holds them, so the nodes that checkpointed since keep doing it.
        await client.query('ROLLBACK');
        if (!this.skippedCheckpointLogged) {
          this.skippedCheckpointLogged = true;
          this.log(
            '[state] newer checkpoints by other nodes cover this one’s start; leaving checkpoints to them',
          );
        }
        return;
      }
      const caughtUp = await this.catchUp(client, store);
      // Every id ≤ safe was allocated more than SAFE_MS ago, so its row is committed (or never will be),
      // and catchUp just read every other node's row above base: the store holds all rows ≤ safe.
      const safe = Math.max(
        this.base,
        ...this.marks.filter((m) => m.at <= now - this.safeMs).map((m) => m.maxId),
      );
      const header: CheckpointHeader = {
        version: 1,
        savedAt: Date.now(),
        replayFrom: safe + 1,
        latest: store.latestSamples(),
      };
      const headerBytes = encodeHeader(header);
      const { rows: ins } = await client.query<{ id: string }>(
        `INSERT INTO checkpoints (saved_at, replay_from_id, writer, header, bytes)
         VALUES (to_timestamp($1 / 1000.0), $2, $3, $4, 0) RETURNING id`,
        [header.savedAt, header.replayFrom, this.writer, headerBytes],
      );
      const id = ins[0]!.id;
      let bytes = headerBytes.length;
      let seq = 0;
      for (const chunk of store.exportChunks()) {
        if (Date.now() > this.checkpointDeadline) throw new Error('out of time while stopping');
        const data = Buffer.concat(encodeChunk(chunk));
        bytes += data.length;
        await client.query('INSERT INTO checkpoint_chunks (checkpoint_id, seq, data) VALUES ($1, $2, $3)', [
          id,
          seq++,
          data,
        ]);
      }
      await client.query('UPDATE checkpoints SET bytes = $2 WHERE id = $1', [id, bytes]);
      await client.query(
        'DELETE FROM checkpoints WHERE id NOT IN (SELECT id FROM checkpoints ORDER BY id DESC LIMIT $1)',
        [KEEP_CHECKPOINTS],
      );
      await client.query('DELETE FROM samples WHERE id < (SELECT min(replay_from_id) FROM checkpoints)');
      await client.query('COMMIT');
      this.base = safe;
      // The newest mark at or below safe stays: the next checkpoint may still need it.
      const keepFrom = this.marks.findLastIndex((m) => m.at <= now - this.safeMs);
      if (keepFrom > 0) this.marks = this.marks.slice(keepFrom);
      this.st.checkpoints++;
      this.st.lastCheckpoint = { ms: performance.now() - started, bytes, caughtUp };
    }).catch((e: unknown) => {
      this.noteError(e);
      throw e;
    });
    await this.compactAlerts().catch((e: unknown) => this.noteError(e));
  }

  /** Puts the rows other nodes wrote above base into the store (idempotent: tiers are time-addressed). */
  private async catchUp(client: pg.PoolClient, store: TelemetryStore): Promise<number> {
    let n = 0;
    let after = this.base;
    for (;;) {
      const { rows } = await client.query<{ id: string; live: boolean; body: unknown }>(
        'SELECT id, live, body FROM samples WHERE id > $1 AND writer <> $2 ORDER BY id LIMIT $3',
        [after, this.writer, PAGE],
      );
      for (const r of rows) {
        const parsed = siteSampleSchema.safeParse(r.body);
        if (parsed.success && store.idx.site(parsed.data.site)) {
          store.putSample(parsed.data, r.live);
          n++;
        }
      }
      if (rows.length < PAGE) return n;
      after = Number(rows.at(-1)!.id);
    }
  }

  /**
   * Writes what is queued, then a last checkpoint, then ends the pool, all within `budgetMs` (a stop must
   * end within 5 s). With the database away, what is still queued when the flush gives up is lost (and
   * said so). A checkpoint that runs out of time is rolled back: it only shortens the next restore, the
   * sample log holds everything since the previous one.
   */
  async close(store: TelemetryStore, budgetMs = 3000): Promise<void> {
    if (this.closed) return;
    const deadline = Date.now() + budgetMs;
    clearInterval(this.timer);
    this.checkpointDeadline = deadline;
    let flushed = true;
    try {
      await withDeadline(this.flush(), Math.min(1500, budgetMs), 'flush');
    } catch (e) {
      flushed = false;
      this.log(
        `[state] closing without writing ${this.stats.queued} samples and ${this.stats.queuedAlerts} alert changes: database ${this.where} (${errorText(e)})`,
      );
    }
    await this.checkpointing?.catch(() => undefined);
    if (flushed && this.started && Date.now() < deadline) {
      await this.checkpoint(store).catch((e: unknown) =>
        this.log(`[state] last checkpoint not written (the sample log holds everything): ${errorText(e)}`),
      );
    }
    this.closed = true;
    // A write stuck on a dead connection must not hold the stop past its deadline.
    if (this.ownPool) await withDeadline(this.pool.end(), 500, 'pool end').catch(() => undefined);
  }

  /** Tests: stop as a kill -9 would, without flushing or checkpointing. */
  async terminate(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.queue = [];
    this.alertQueue = [];
    await this.flushing;
    await this.checkpointing?.catch(() => undefined);
    if (this.ownPool) await this.pool.end().catch(() => undefined);
  }
}

/** Data errors (class 22, 23, 54): retrying the same row cannot help. */
const dataError = (e: unknown) => /^(22|23|54)/.test((e as { code?: string })?.code ?? '');

/** JSON for a jsonb column, which cannot hold U+0000 (allowed in JSON strings): it becomes U+FFFD. */
const jsonText = (value: unknown) => JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd');

/** Several notes on one annotation id in one batch become one row (an upsert may touch a row once). */
function dedupeNotes(notes: QueuedAnnotation[]): QueuedAnnotation[] {
  const byId = new Map<string, QueuedAnnotation>();
  for (const n of notes) {
    const prev = byId.get(n.annotation.id);
    byId.set(n.annotation.id, {
      annotation: n.annotation,
      recordings: [...new Set([...(prev?.recordings ?? []), ...n.recordings])].sort(),
    });
  }
  return [...byId.values()];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
