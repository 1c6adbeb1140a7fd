import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AlertEvent } from '@gigawatt/shared';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AlertEngine } from '../alerts/index.ts';
import { bearerToken, tokenMatches } from '../auth.ts';
import type { IngestService } from '../ingest/ingestService.ts';
import type { Recorder } from '../recorder/createRecorder.ts';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { alertRoutes } from './alertRoutes.ts';
import { parseHistoryQuery } from './historyQuery.ts';
import { HttpError } from './httpError.ts';
import { ingestRoute, MAX_NDJSON_BYTES } from './ingestRoute.ts';
import { metricsText, type ServerHealth } from './metricsText.ts';
import { recordingRoutes } from './recordingRoutes.ts';

export interface HttpDeps {
  store: TelemetryStore;
  ingest: IngestService;
  ingestToken: string;
  viewerToken: string | undefined;
  clientDir: string;
  health: () => ServerHealth;
  alerts: AlertEngine;
  operatorToken: string;
  onAlertEvents: (events: AlertEvent[]) => void;
  /** Absent when recording is off: the recordings API then answers 503. */
  recorder: Recorder | undefined;
  /** Largest recording POST /api/recordings/import accepts (bytes; default 1 GiB). */
  importMaxBytes?: number;
  now?: () => number;
}

export function createHttpApp(deps: HttpDeps): express.Express {
  const now = deps.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.post(
    '/api/ingest',
    express.text({ type: () => true, limit: MAX_NDJSON_BYTES }),
    ingestRoute(deps.ingest, deps.ingestToken),
  );

  // With a viewer token configured, reading the API needs it too (header or ?token= for links).
  const requireViewer = (req: Request, _res: Response, next: NextFunction) => {
    if (!deps.viewerToken) return next();
    const given =
      bearerToken(req.header('authorization')) ??
      (typeof req.query.token === 'string' ? req.query.token : undefined);
    if (!given) return next(new HttpError(401, 'a viewer token is required'));
    // The operator token is a superset: an operator's screen can read what viewers read.
    if (!tokenMatches(given, deps.viewerToken) && !tokenMatches(given, deps.operatorToken)) {
      return next(new HttpError(403, 'invalid viewer token'));
    }
    next();
  };

  app.get('/api/fleet', requireViewer, (_req, res) => {
    res.json(deps.store.idx.fleet);
  });

  app.get('/api/history', requireViewer, (req, res) => {
    const q = parseHistoryQuery(req.query as Record<string, unknown>, deps.store.idx, now());
    if ('error' in q) return res.status(400).json({ error: q.error });
    res.json(deps.store.history(q));
  });

  app.get('/api/alerts', requireViewer);
  app.use(
    alertRoutes({
      alerts: deps.alerts,
      operatorToken: deps.operatorToken,
      onEvents: deps.onAlertEvents,
      now,
    }),
  );

  app.use('/api/recordings', requireViewer);
  if (deps.recorder) {
    app.use(
      recordingRoutes({
        recorder: deps.recorder,
        operatorToken: deps.operatorToken,
        now,
        importMaxBytes: deps.importMaxBytes ?? 2 ** 30,
      }),
    );
  } else {
    app.all('/api/recordings{/*rest}', (_req, res) => {
      res.status(503).json({ error: 'recording is off on this server (GIGAWATT_RECORD=off)' });
    });
  }

  app.get('/metrics', requireViewer, (_req, res) => {
    res
      .type('text/plain; version=0.0.4')
      .send(metricsText(deps.health(), deps.store.latestSamples(), deps.store.idx, now()));
  });

  app.all('/api/{*rest}', (req, _res, next) =>
    next(new HttpError(404, `no such endpoint: ${req.method} ${req.path}`)),
  );

  const clientDir = resolve(deps.clientDir);
  const indexHtml = join(clientDir, 'index.html');
  if (existsSync(indexHtml)) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client routes (/, /site/ohio, /wall …) all load the single-page app.
    app.get('/{*rest}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexHtml);
    });
  } else {
    app.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built: run `npm run build` (or `npm start`).\n');
    });
  }

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; statusCode?: number; type?: string; message?: string };
    const status = err instanceof HttpError ? err.status : (e.status ?? e.statusCode ?? 500);
    let message = e.message ?? 'internal error';
    if (e.type === 'entity.too.large') message = `request body too large (limit ${MAX_NDJSON_BYTES} bytes)`;
    else if (status >= 500) {
      console.error('[http]', err);
      message = 'internal error';
    }
    res.status(status).json({ error: message });
  });
  return app;
}
