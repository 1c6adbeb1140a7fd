/**
 * The browser budget's baseline (DESIGN.md: "≤ 2× a uPlot page drawing the same series and points"): a
 * minimal static page, served by the bench itself, that draws with uPlot (node_modules/uplot, a dev
 * dependency used only here) the charts a measured Gigawatt page drew: same sizes and places, same
 * number of series and points per chart, a dashed cap line where the app has one. Like the app it gets
 * one message per second carrying a value for every series (server-sent events), appends it, drops the
 * point that left the window and redraws every chart.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../e2e/harness.ts';

export interface TwinChart {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Lines in the chart. */
  series: number;
  /** Points per line. */
  points: number;
  cap: boolean;
}

export interface TwinLayout {
  charts: TwinChart[];
}

export interface UplotTwin {
  url: string;
  /** Registers a layout and returns the route of its page. */
  add(layout: TwinLayout): string;
  close(): Promise<void>;
}

const UPLOT = join(ROOT, 'node_modules', 'uplot', 'dist');

/** The page's script: plain JavaScript, served as a file so the page can run under a strict CSP. */
const PAGE_JS = `
'use strict';
const id = document.body.dataset.twin;
const status = document.getElementById('status');
fetch('/layout/' + id).then((r) => r.json()).then(({ layout, history }) => {
  const charts = [];
  let k = 0;
  for (const c of layout.charts) {
    const el = document.createElement('div');
    el.className = 'chart';
    el.style.left = c.x + 'px';
    el.style.top = c.y + 'px';
    document.getElementById('charts').appendChild(el);
    const data = [history.t.slice(-c.points)];
    const series = [{}];
    for (let i = 0; i < c.series; i++) {
      data.push(history.v[k + i].slice(-c.points));
      series.push({ stroke: i === 0 ? '#56b4e9' : '#e69f00', width: 1.75, points: { show: false } });
    }
    const cap = c.cap ? Math.max(...data[1]) * 1.2 : null;
    const opts = {
      width: c.width,
      height: c.height,
      legend: { show: false },
      cursor: { show: true },
      series,
      axes: [{ stroke: '#8b98a9' }, { stroke: '#8b98a9', grid: { stroke: '#1d2633' } }],
      scales: { y: { range: (u, lo, hi) => [Math.min(lo, 0), Math.max(hi, cap ?? hi) * 1.05] } },
      hooks: cap === null ? {} : {
        draw: [(u) => {
          const ctx = u.ctx;
          const y = Math.round(u.valToPos(cap, 'y', true));
          ctx.save();
          ctx.strokeStyle = '#e69f00';
          ctx.setLineDash([6, 4]);
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.restore();
        }],
      },
    };
    charts.push({ u: new uPlot(opts, data, el), data, first: k, n: c.series });
    k += c.series;
  }
  const es = new EventSource('/ticks/' + id);
  es.onmessage = (e) => {
    const tick = JSON.parse(e.data);
    for (const c of charts) {
      c.data[0].push(tick.t);
      c.data[0].shift();
      for (let i = 0; i < c.n; i++) {
        c.data[i + 1].push(tick.v[c.first + i]);
        c.data[i + 1].shift();
      }
      c.u.setData(c.data);
    }
    status.textContent = 'LIVE';
  };
});
`;

/** Noisy, slowly wandering values like the simulator's training power (seeded: same every run). */
function makeSeries(count: number) {
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const level = Array.from({ length: count }, (_, i) => 200 + 100 * i);
  return (t: number) =>
    level.map((base, i) => base + 30 * Math.sin(t / 97 + i) + (Math.floor(t / 5) % 2) * 15 + 10 * rand());
}

export async function startUplotTwin(): Promise<UplotTwin> {
  const layouts = new Map<string, TwinLayout>();
  const files: Record<string, [string, string]> = {
    '/uPlot.iife.min.js': ['text/javascript', readFileSync(join(UPLOT, 'uPlot.iife.min.js'), 'utf8')],
    '/uPlot.min.css': ['text/css', readFileSync(join(UPLOT, 'uPlot.min.css'), 'utf8')],
    '/twin.js': ['text/javascript', PAGE_JS],
  };
  const streams = new Set<{ timer?: NodeJS.Timeout }>();
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const file = files[url];
    if (file) {
      res.writeHead(200, { 'content-type': file[0] });
      res.end(file[1]);
      return;
    }
    const [, kind, id] = url.split('/');
    const layout = layouts.get(id ?? '');
    if (!layout) {
      res.writeHead(404).end();
      return;
    }
    const seriesCount = layout.charts.reduce((a, c) => a + c.series, 0);
    const points = Math.max(1, ...layout.charts.map((c) => c.points));
    const values = makeSeries(seriesCount);
    if (kind === 'twin') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'self'",
      });
      res.end(
        `<!doctype html><html><head><meta charset="utf-8"><title>uPlot twin</title>` +
          `<link rel="stylesheet" href="/uPlot.min.css"><style>body{margin:0;background:#0b0f15}` +
          `.chart{position:absolute}#status{position:fixed;right:0;top:0;color:#fff}</style></head>` +
          `<body data-twin="${id}"><div id="status" role="status">connecting</div><div id="charts"></div>` +
          `<script src="/uPlot.iife.min.js"></script><script src="/twin.js"></script></body></html>`,
      );
      return;
    }
    if (kind === 'layout') {
      const now = Math.floor(Date.now() / 1000);
      const t: number[] = [];
      const v: number[][] = Array.from({ length: seriesCount }, () => []);
      for (let s = now - points + 1; s <= now; s++) {
        t.push(s);
        for (const [i, x] of values(s).entries()) v[i]!.push(x);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ layout, history: { t, v } }));
      return;
    }
    if (kind === 'ticks') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      const send = () => {
        const t = Math.floor(Date.now() / 1000);
        res.write(`data: ${JSON.stringify({ t, v: values(t) })}\n\n`);
      };
      // On the second, as the Gigawatt server sends its ticks.
      const stream: { timer?: NodeJS.Timeout } = {};
      const next = () => {
        stream.timer = setTimeout(
          () => {
            send();
            next();
          },
          1000 - (Date.now() % 1000),
        );
      };
      next();
      streams.add(stream);
      req.on('close', () => {
        clearTimeout(stream.timer);
        streams.delete(stream);
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  let n = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    add(layout) {
      const id = String(++n);
      layouts.set(id, layout);
      return `/twin/${id}`;
    },
    close() {
      for (const s of streams) clearTimeout(s.timer);
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
