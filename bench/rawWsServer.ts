/**
 * The raw `ws` baseline for the fan-out bench: a bare WebSocket server that, on each second, stamps the
 * fleet tick's bytes with the time and sends them to every client — the least a broadcast of the same
 * bytes can cost, with no protocol, no reconnection and no per-viewer state. Runs in its own process so
 * its CPU is measured apart. Usage: tsx bench/rawWsServer.ts; prints `{"port":N}` once listening.
 */
import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet } from '@gigawatt/shared';
import { WebSocketServer } from 'ws';

const sim = createSimulator({ seed: 1, fleet: defaultFleet });
// The same content as a /live tick; only `t` and `seq` change from second to second.
const body = JSON.stringify({ sites: sim.sampleFleet(Date.now()) });
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
let seq = 0;

function fire() {
  const t = Math.floor(Date.now() / 1000) * 1000;
  // Encoded once per broadcast, as the socket.io fan-out does.
  const data = Buffer.from(`{"t":${t},"seq":${++seq},${body.slice(1)}`);
  for (const c of wss.clients) c.send(data, { binary: false });
  const now = Date.now();
  setTimeout(fire, 1000 - (now % 1000));
}

wss.on('listening', () => {
  const addr = wss.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
  setTimeout(fire, 1000 - (Date.now() % 1000));
});
process.on('SIGTERM', () => process.exit(0));
