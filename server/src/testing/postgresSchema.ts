import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestSchema {
  /** The base URL with this schema first on the search_path: what a server or a storage is given. */
  url: string;
  schema: string;
  /** A client on the base database, for checking what was written. */
  admin: pg.Pool;
  drop(): Promise<void>;
}

/** `url` with a startup option: `-c search_path=<schema>` (PostgreSQL applies it to every session). */
export function urlWithSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/**
 * A schema of its own for one test (gw_test_<random>), so suites can run in parallel on one database;
 * drop() removes it and everything in it.
 */
export async function createTestSchema(baseUrl: string): Promise<TestSchema> {
  const schema = `gw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: baseUrl, max: 2 });
  admin.on('error', () => undefined);
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = urlWithSearchPath(baseUrl, schema);
  return {
    url,
    schema,
    admin,
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    },
  };
}
