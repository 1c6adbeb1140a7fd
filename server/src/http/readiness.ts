import { PROTOCOL_VERSION, type ReadinessCheck, type VersionInfo } from '@gigawatt/shared';

/** One part of the server /readyz reports on; what GET /api/version answers (both: shared/src/api.ts). */
export type { ReadinessCheck, VersionInfo };

/** What a node needs before a load balancer should send it viewers. */
export interface Readiness {
  ready: boolean;
  /** history: loaded (restored and synthesized); bus: Redis reachable; storage: state store reachable. */
  checks: Record<string, ReadinessCheck>;
}

/** Runs the checks (each with its own bound) and says which part is not ready. */
export async function readiness(
  checks: Record<string, () => ReadinessCheck | Promise<ReadinessCheck>>,
): Promise<Readiness> {
  const out: Record<string, ReadinessCheck> = {};
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        out[name] = await check();
      } catch (e) {
        out[name] = { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  return { ready: Object.values(out).every((c) => c.ok), checks: out };
}

/** GET /api/version: what is running, for support and for clients checking compatibility. */
export function versionInfo(version: string, startedAt: number): VersionInfo {
  return {
    version,
    protocol: PROTOCOL_VERSION,
    node: process.version,
    startedAt: new Date(startedAt).toISOString(),
  };
}
