import { createSimulator } from '@gigawatt/mock-telemetry';
import { publish } from '@gigawatt/mock-telemetry/publish';
import { defaultFleet } from '@gigawatt/shared';

/** An external producer the test controls: the seeded simulator published to `/ingest` once a second. */
export interface TestProducer {
  stop(): Promise<void>;
}

export function startProducer(
  url: string,
  token = 'e2e-ingest-token',
  sites: readonly string[] = defaultFleet.sites.map((s) => s.id),
): TestProducer {
  const controller = new AbortController();
  const run = publish({
    url,
    token,
    sim: createSimulator({ seed: 7, fleet: defaultFleet }),
    sites,
    racks: false,
    signal: controller.signal,
    log: () => {},
  });
  return {
    async stop() {
      controller.abort();
      await run.catch(() => undefined);
    },
  };
}
