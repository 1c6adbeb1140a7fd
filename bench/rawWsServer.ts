/**
 * The raw `ws` baseline for the fan-out bench: a bare WebSocket server that, on each second, stamps the
 * fleet tick's bytes with the time and sends them to every client — the least a broadcast of the same
 * bytes can cost, with no protocol machinery, no reconnection and no per-viewer state beyond the socket.
 *
 * It writes socket.io's wire format by hand (engine.io's open packet and pings, the /live namespace's
 * connect and a `hello` carrying lastSeq, then `42/live,["tick",{…}]`), so the very same socket.io-client
 * swarm and probe connect to it as to the product: on a 2-core machine the swarm's own parsing competes
 * with the server for the cores, and a lighter client here would make the baseline look faster than a
 * broadcast of these bytes is. Runs in its own process so its CPU is measured apart.
 * Usage: tsx bench/rawWsServer.ts; prints `{"port":N}` once listening.
 */
import { createSimulator } from '@gigawatt/mock-telemetry';
import { defaultFleet } from '@gigawatt/shared';
import { type WebSocket, WebSocketServer } from 'ws';

const PING_INTERVAL_MS = 25_000;
const sim = createSimulator({ seed: 1, fleet: defaultFleet });
// The same content as a /live tick; only `t` and `seq` change from second to second.
const body = JSON.stringify({ sites: sim.sampleFleet(Date.now()) });
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/socket.io/' });
const viewers = new Set<WebSocket>();
let seq = 0;
let sids = 0;

wss.on('connection', (ws) => {
  ws.send(
    `0${JSON.stringify({ sid: `raw${++sids}`, upgrades: [], pingInterval: PING_INTERVAL_MS, pingTimeout: 20_000, maxPayload: 1e6 })}`,
  );
  ws.on('message', (data) => {
    const text = data.toString();
    // The client's namespace connect: accepted, greeted, and from now on in the broadcast.
    if (text.startsWith('40/live')) {
      ws.send(`40/live,{"sid":"raw-live${sids}"}`);
      ws.send(`42/live,["hello",{"lastSeq":${seq}}]`);
      viewers.add(ws);
    }
  });
  ws.on('close', () => viewers.delete(ws));
});

let next = Math.floor(Date.now() / 1000) + 1;
function fire() {
  const now = Date.now();
  // A Node timer can fire a few ms early: wait out the second rather than stamp the previous one again.
  if (now < next * 1000) {
    setTimeout(fire, next * 1000 - now);
    return;
  }
  const t = Math.floor(now / 1000) * 1000;
  next = t / 1000 + 1;
  // Encoded once per broadcast, as the socket.io fan-out does.
  const data = Buffer.from(`42/live,["tick",{"t":${t},"seq":${++seq},${body.slice(1)}]`);
  for (const ws of viewers) ws.send(data, { binary: false });
  setTimeout(fire, next * 1000 - Date.now());
}

wss.on('listening', () => {
  const addr = wss.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
  setTimeout(fire, next * 1000 - Date.now());
  // engine.io's heartbeat: a client that hears no ping within pingInterval + pingTimeout closes.
  setInterval(() => {
    for (const ws of viewers) ws.send('2');
  }, PING_INTERVAL_MS);
});
process.on('SIGTERM', () => process.exit(0));
