import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { alertEventSchema, type SiteSample, siteSampleSchema } from '@gigawatt/shared';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { ChunkScratch } from '../store/tieredHistory.ts';
import {
  CheckpointError,
  encodeChunk,
  encodeEnd,
  encodeHeader,
  readCheckpointFile,
} from './checkpointCodec.ts';
import type { PersistedAlert, RestoredState, StateStorage } from './stateStorage.ts';

const CHECKPOINT = 'history.ckpt';
const ALERTS = 'alerts.ndjson';
const LOG_RE = /^samples-(\d{8})\.ndjson$/;
const logName = (n: number) => `samples-${String(n).padStart(8, '0')}.ndjson`;
/** Alert changes kept per alert id at most; the file is rewritten compacted past this many lines. */
const ALERT_COMPACT_LINES = 2000;
/** Cleared alerts kept in the file (the book shows at most 1000). */
const MAX_KEPT_ALERTS = 2000;

export interface FileStateStorageOptions {
  /** Warnings (the server passes its logger's); default: not reported. */
  log?: (line: string) => void;
}

/**
 * The embedded state store, in `<data dir>/state`: an append-only sample log (one JSON line per accepted
 * sample, written before the call returns, so a kill -9 loses nothing that was acknowledged) plus a
 * binary checkpoint of the history tiers; and an append-only alert log, compacted at start.
 *
 * Why a log plus checkpoints and not SQLite: better-sqlite3 needs a native build (this machine and CI
 * reach only the npm registry), and what is stored is a fixed set of time-addressed ring buffers that
 * are rewritten, not queried: replaying a log over a checkpoint is idempotent (tiers are addressed by
 * time), so checkpoints can be written in the background without stopping ingest.
 */
export class FileStateStorage implements StateStorage {
  readonly kind = 'file';
  readonly dir: string;
  private logIndex = 0;
  private logFd: number | undefined;
  private alertFd: number | undefined;
  private alertLines = 0;
  private readonly alertsById = new Map<string, PersistedAlert>();
  private checkpointing: Promise<void> | undefined;
  /** Reused by every checkpoint: copying a tier into memory already touched costs no page faults. */
  private readonly scratch = new ChunkScratch();
  private closed = false;
  private readonly log: (line: string) => void;

  constructor(dataDir: string, opts: FileStateStorageOptions = {}) {
    this.dir = join(dataDir, 'state');
    this.log = opts.log ?? (() => {});
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // A checkpoint or compaction cut short by a kill; the files they were replacing are intact.
    for (const f of [`${CHECKPOINT}.tmp`, `${ALERTS}.tmp`]) rmSync(join(this.dir, f), { force: true });
  }

  private logs(): number[] {
    return readdirSync(this.dir)
      .map((f) => LOG_RE.exec(f)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  async restore(store: TelemetryStore): Promise<RestoredState> {
    const started = performance.now();
    let replayFrom = 0;
    let checkpointAt: number | undefined;
    const ckptPath = join(this.dir, CHECKPOINT);
    if (existsSync(ckptPath)) {
      try {
        const header = readCheckpointFile(ckptPath, (c) => store.importChunk(c));
        store.restoreLatest(header.latest);
        replayFrom = header.replayFrom;
        checkpointAt = header.savedAt;
      } catch (e) {
        // The logs it covered are gone, so say so loudly; what the remaining logs hold is still loaded.
        if (!(e instanceof CheckpointError)) throw e;
        this.log(`[state] history checkpoint unreadable (${e.message}); starting from the sample logs`);
      }
    }
    let samples = 0;
    const logs = this.logs();
    for (const n of logs) {
      if (n < replayFrom) continue;
      samples += this.replayLog(join(this.dir, logName(n)), store);
    }
    this.logIndex = Math.max(replayFrom, (logs.at(-1) ?? 0) + 1);
    this.logFd = openSync(join(this.dir, logName(this.logIndex)), 'a', 0o600);
    const alerts = this.restoreAlerts();
    return { samples, alerts, checkpointAt, ms: performance.now() - started };
  }

  /** Replays one log; a torn last line (kill -9 mid-write) or a damaged line is skipped, not fatal. */
  private replayLog(path: string, store: TelemetryStore): number {
    let n = 0;
    let bad = 0;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line === '') continue;
      let entry: { l?: unknown; s?: unknown };
      try {
        entry = JSON.parse(line);
      } catch {
        bad++;
        continue;
      }
      const parsed = siteSampleSchema.safeParse(entry?.s);
      if (!parsed.success || !store.idx.site(parsed.data.site)) {
        bad++;
        continue;
      }
      store.putSample(parsed.data, entry.l === 1);
      n++;
    }
    if (bad > 0) this.log(`[state] ${path}: skipped ${bad} unreadable line(s)`);
    return n;
  }

  private restoreAlerts(): PersistedAlert[] {
    const path = join(this.dir, ALERTS);
    const out: PersistedAlert[] = [];
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line === '') continue;
        try {
          const raw = JSON.parse(line) as { e?: unknown; c?: unknown };
          const event = alertEventSchema.safeParse(raw.e);
          if (!event.success) continue;
          out.push({ event: event.data, ...(typeof raw.c === 'number' ? { context: raw.c } : {}) });
        } catch {
          // torn last line
        }
      }
    }
    for (const e of out) this.keepAlert(e);
    this.rewriteAlerts();
    return out;
  }

  private keepAlert(entry: PersistedAlert): void {
    const id = entry.event.alert.id;
    this.alertsById.delete(id);
    this.alertsById.set(id, entry);
    if (this.alertsById.size <= MAX_KEPT_ALERTS) return;
    for (const [key, e] of this.alertsById) {
      if (this.alertsById.size <= MAX_KEPT_ALERTS) break;
      if (e.event.alert.state === 'cleared') this.alertsById.delete(key);
    }
  }

  /** The alert file as one line per alert (its newest change), written aside and renamed over. */
  private rewriteAlerts(): void {
    if (this.alertFd !== undefined) closeSync(this.alertFd);
    const path = join(this.dir, ALERTS);
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    let text = '';
    for (const e of this.alertsById.values()) text += `${line(e)}\n`;
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
    this.alertFd = openSync(path, 'a', 0o600);
    this.alertLines = this.alertsById.size;
  }

  async check(): Promise<{ ok: boolean; detail: string }> {
    if (this.closed) return { ok: false, detail: `state store ${this.dir} is closed` };
    if (this.logFd === undefined) return { ok: false, detail: `state store ${this.dir} not restored yet` };
    return { ok: true, detail: `state store ${this.dir}` };
  }

  appendSample(sample: SiteSample, live: boolean): void {
    if (this.logFd === undefined || this.closed) return;
    writeSync(this.logFd, `${JSON.stringify({ l: live ? 1 : 0, s: sample })}\n`);
  }

  appendAlert(entry: PersistedAlert): void {
    if (this.alertFd === undefined || this.closed) return;
    this.keepAlert(entry);
    writeSync(this.alertFd, `${line(entry)}\n`);
    if (++this.alertLines > ALERT_COMPACT_LINES + this.alertsById.size) this.rewriteAlerts();
  }

  /**
   * Starts a new sample log, writes every tier to a new checkpoint (a table tier at a time, yielding
   * between them, so ingest goes on), then drops the logs the checkpoint covers. Samples written while
   * it runs are in the new log too; replaying them over the checkpoint is harmless.
   */
  checkpoint(store: TelemetryStore): Promise<void> {
    this.checkpointing ??= this.writeCheckpoint(store).finally(() => {
      this.checkpointing = undefined;
    });
    return this.checkpointing;
  }

  private async writeCheckpoint(store: TelemetryStore): Promise<void> {
    if (this.logFd === undefined) return;
    const covered = this.logIndex;
    closeSync(this.logFd);
    this.logIndex++;
    this.logFd = openSync(join(this.dir, logName(this.logIndex)), 'a', 0o600);
    const path = join(this.dir, CHECKPOINT);
    const tmp = `${path}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      const header = {
        version: 1 as const,
        savedAt: Date.now(),
        replayFrom: covered + 1,
        latest: store.latestSamples(),
      };
      const head = encodeHeader(header);
      await fh.write(head);
      let at = head.length;
      // One scratch block for every chunk (each is written before the next is copied), one writev each.
      for await (const chunk of store.exportChunksSliced(this.scratch)) {
        const buffers = encodeChunk(chunk, at);
        await fh.writev(buffers);
        for (const b of buffers) at += b.length;
      }
      await fh.write(encodeEnd());
      await fh.sync();
    } finally {
      await fh.close();
    }
    renameSync(tmp, path);
    for (const n of this.logs()) if (n <= covered) rmSync(join(this.dir, logName(n)), { force: true });
  }

  async close(store: TelemetryStore): Promise<void> {
    if (this.closed) return;
    await this.checkpointing;
    await this.checkpoint(store);
    this.closed = true;
    if (this.logFd !== undefined) closeSync(this.logFd);
    if (this.alertFd !== undefined) closeSync(this.alertFd);
    this.logFd = undefined;
    this.alertFd = undefined;
  }
}

const line = (e: PersistedAlert) =>
  JSON.stringify({ e: e.event, ...(e.context === undefined ? {} : { c: e.context }) });
