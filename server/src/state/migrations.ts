/**
 * The PostgreSQL schema, as versioned migrations applied in order at start (postgresStateStorage.ts:
 * one transaction, under an advisory lock, recorded in `schema_migrations`). Append new versions; never
 * edit one that has shipped. Tables are unqualified: they live in the connection's current schema
 * (`search_path`; tests give each suite its own).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'history log, checkpoints and alert log',
    sql: `
      -- Every accepted sample, until a checkpoint covers it. (site, t) is a second of one site: a sample
      -- that several nodes write (or a producer resends) is kept once.
      CREATE TABLE samples (
        id bigserial PRIMARY KEY,
        site text NOT NULL,
        t bigint NOT NULL,
        live boolean NOT NULL,
        -- The storage instance that wrote it (a node's run): checkpoints catch up on the others' rows.
        writer text NOT NULL,
        body jsonb NOT NULL,
        inserted_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (site, t)
      );
      -- The binary checkpoint the file store writes (checkpointCodec.ts): header, then one row per table
      -- tier. Restore takes the newest and replays samples from replay_from_id.
      CREATE TABLE checkpoints (
        id bigserial PRIMARY KEY,
        saved_at timestamptz NOT NULL,
        replay_from_id bigint NOT NULL,
        writer text NOT NULL,
        header bytea NOT NULL,
        bytes bigint NOT NULL
      );
      CREATE TABLE checkpoint_chunks (
        checkpoint_id bigint NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (checkpoint_id, seq)
      );
      -- Float columns compress poorly and slowly: stored out of line as they are.
      ALTER TABLE checkpoint_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
      -- Alert changes (raised, acknowledged with who and why, cleared), compacted to the newest per alert.
      CREATE TABLE alert_events (
        id bigserial PRIMARY KEY,
        alert_id text NOT NULL,
        state text NOT NULL,
        body jsonb NOT NULL,
        context double precision,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX alert_events_by_alert ON alert_events (alert_id, id);
    `,
  },
  {
    version: 2,
    name: 'annotations',
    sql: `
      -- Engineers' notes on recordings, kept here besides the recording files (which stay on the
      -- recorder's disk), so any node can list them by time.
      CREATE TABLE annotations (
        id text PRIMARY KEY,
        t bigint NOT NULL,
        end_t bigint,
        recordings text[] NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX annotations_by_t ON annotations (t);
    `,
  },
];
