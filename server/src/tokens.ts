import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export type TokenSource = 'env' | 'file' | 'generated';

const fileSchema = z.object({
  ingest: z.string().min(16).max(512).optional(),
  operator: z.string().min(16).max(512).optional(),
});

export interface ResolvedTokens {
  ingest: { token: string; source: TokenSource };
  operator: { token: string; source: TokenSource };
  file: string | undefined;
}

/**
 * Tokens not set in the environment are generated once and kept in `<dataDir>/tokens.json` (mode
 * 0600), so devices that saved them keep working across restarts. Without a data dir (state off) a
 * generated token lasts one run. A damaged file is replaced, with new tokens, rather than stopping start.
 */
export function resolveTokens(
  dataDir: string | undefined,
  env: { ingest: string | undefined; operator: string | undefined },
): ResolvedTokens {
  const file = dataDir === undefined ? undefined : join(dataDir, 'tokens.json');
  let kept: z.infer<typeof fileSchema> = {};
  if (file && existsSync(file)) {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) kept = parsed.data;
    } catch {
      kept = {};
    }
  }
  const pick = (given: string | undefined, saved: string | undefined) =>
    given !== undefined
      ? { token: given, source: 'env' as const }
      : saved !== undefined
        ? { token: saved, source: 'file' as const }
        : { token: randomBytes(16).toString('hex'), source: 'generated' as const };
  const ingest = pick(env.ingest, kept.ingest);
  const operator = pick(env.operator, kept.operator);
  if (file && (ingest.source === 'generated' || operator.source === 'generated')) {
    const next = {
      ...kept,
      ...(ingest.source === 'generated' ? { ingest: ingest.token } : {}),
      ...(operator.source === 'generated' ? { operator: operator.token } : {}),
    };
    mkdirSync(dataDir!, { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  }
  return { ingest, operator, file: file && existsSync(file) ? file : undefined };
}
