/**
 * A crowd of /live viewers in its own process, so the measuring process's probe is not delayed by
 * parsing a thousand copies of every tick. Usage: tsx bench/viewerSwarm.ts <url> <viewers> <seconds> [spread]
 * Prints one JSON line: { connected, ticks, tickBytes, p50, p99 } (latency is tick.t → receipt, ms).
 * The raw `ws` baseline (bench/rawWsServer.ts) writes the same wire format, so the same crowd connects to it.
 * `spread`: viewer i connects from 127.0.0.(2 + i mod 249), so nginx's `hash $remote_addr` spreads the
 * crowd over a cluster's nodes (otherwise every viewer comes from 127.0.0.1 and lands on one node).
 */
import { connectViewer, percentile, type Viewer } from './viewerLoad.ts';

const [url, nText, secondsText, spreadText] = process.argv.slice(2);
const n = Number(nText ?? 100);
const seconds = Number(secondsText ?? 10);
const from = (i: number) => (spreadText === 'spread' ? `127.0.0.${2 + (i % 249)}` : undefined);

async function main() {
  const viewers: Viewer[] = [];
  // Connect in small batches: a thousand simultaneous handshakes would measure the accept queue.
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, (_, j) => connectViewer(url!, undefined, from(i + j))),
    );
    viewers.push(...batch);
  }
  process.stdout.write(`${JSON.stringify({ ready: viewers.length })}\n`);
  await new Promise((r) => setTimeout(r, 2000));
  for (const v of viewers) {
    v.bytes = { tick: 0, racks: 0, other: 0 };
    v.latencies = [];
  }
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const lat = viewers.flatMap((v) => v.latencies);
  const tickBytes = viewers.reduce((a, v) => a + v.bytes.tick, 0) / viewers.length / seconds;
  process.stdout.write(
    `${JSON.stringify({ connected: viewers.filter((v) => v.connected()).length, ticks: lat.length, tickBytes, p50: percentile(lat, 50), p99: percentile(lat, 99) })}\n`,
  );
  for (const v of viewers) v.close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
