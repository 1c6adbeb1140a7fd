import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import { type AlertEvent, API_PATHS, type HealthResponse, type ReadinessResponse } from '@gigawatt/shared';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AlertEngine } from '../alerts/index.ts';
import type { IngestService } from '../ingest/ingestService.ts';
import { errorFields, type Logger, silentLogger } from '../log.ts';
import type { ServerMetrics } from '../metrics/serverMetrics.ts';
import type { Recorder } from '../recorder/createRecorder.ts';
import type { TelemetryStore } from '../store/telemetryStore.ts';
import { alertRoutes } from './alertRoutes.ts';
import { AuthFailureLimiter } from './authFailureLimiter.ts';
import { authGate, useAuthFailureLimiter } from './authGate.ts';
import { type BodyPolicy, watchBody } from './bodyDeadline.ts';
import { formatBytes } from './formatBytes.ts';
import { DEFAULT_BODY_POLICY } from './hardenHttpServer.ts';
import { historyRoute } from './historyRoute.ts';
import { HttpError } from './httpError.ts';
import { ingestRoute, MAX_CONCURRENT_INGEST_BODIES } from './ingestRoute.ts';
import { openApiDocument } from './openapi.ts';
import { protocolGate } from './protocolGate.ts';
import { type Readiness, type VersionInfo, versionInfo } from './readiness.ts';
import { recordingRoutes } from './recordingRoutes.ts';
import { refuse } from './refuse.ts';
import { securityHeaders } from './securityHeaders.ts';
import { staticAssets } from './staticAssets.ts';

export interface HttpDeps {
  store: TelemetryStore;
  ingest: IngestService;
  ingestToken: string;
  viewerToken: string | undefined;
  clientDir: string;
  /** GET /metrics (Prometheus exposition). */
  metrics: Pick<ServerMetrics, 'contentType' | 'render'>;
  /** Errors the app answers with a 500 (default: none logged). */
  log?: Logger;
  alerts: AlertEngine;
  operatorToken: string;
  onAlertEvents: (events: AlertEvent[]) => void;
  /** Absent when recording is off: the recordings API then answers 503. */
  recorder: Recorder | undefined;
  /** Largest recording POST /api/recordings/import accepts (bytes; default 1 GiB). */
  importMaxBytes?: number;
  /**
   * Failed-authentication limiter; share one with the socket.io namespaces so an address is counted
   * once across HTTP and handshakes (default: one of the app's own).
   */
  authLimiter?: AuthFailureLimiter;
  /** How long request bodies may take (tests shorten them). */
  bodyDeadlines?: Partial<BodyDeadlines>;
  /** NDJSON ingest bodies read at once (default 8). */
  maxConcurrentIngest?: number;
  /** /readyz: the parts that must be up before a load balancer sends this node viewers. */
  readiness?: () => Promise<Readiness>;
  /** /api/version. */
  version?: VersionInfo;
  now?: () => number;
}

export interface BodyDeadlines {
  /** Every body but an import's must have arrived this long after the request started. */
  bodyMs: number;
  /** An import must keep arriving at this average rate once its first `bodyMs` are over. */
  importMinBytesPerS: number;
}

export const DEFAULT_BODY_DEADLINES: BodyDeadlines = {
  bodyMs: DEFAULT_BODY_POLICY.withinMs,
  // 512 kbit/s: a 1 GiB import may take 4.5 h, a stalled one is cut after a minute at most.
  importMinBytesPerS: 64 * 1024,
};

const IMPORT_PATH = API_PATHS.recordingsImport;

export function createHttpApp(deps: HttpDeps): express.Express {
  const now = deps.now ?? Date.now;
  const log = (deps.log ?? silentLogger()).child({ component: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  useAuthFailureLimiter(app, deps.authLimiter ?? new AuthFailureLimiter());
  app.use(securityHeaders());

  // A deadline for every body, whichever route reads it (hardenHttpServer sets the same default for
  // requests that never reach express; this sets each route's own).
  const deadlines = { ...DEFAULT_BODY_DEADLINES, ...deps.bodyDeadlines };
  const bodyPolicy: BodyPolicy = { withinMs: deadlines.bodyMs };
  const importPolicy: BodyPolicy = { withinMs: deadlines.bodyMs, minBytesPerS: deadlines.importMinBytesPerS };
  app.use((req, res, next) => {
    watchBody(req, res, req.path === IMPORT_PATH ? importPolicy : bodyPolicy);
    next();
  });

  // Alive: the process answers. Ready: history is loaded and the bus and stores answer (a load balancer
  // takes a node that is alive but not ready out of rotation). Both sit before the page fallback.
  app.get(API_PATHS.healthz, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok', uptimeS: Math.round(process.uptime()) } satisfies HealthResponse);
  });
  app.get(API_PATHS.readyz, async (_req, res) => {
    const r = deps.readiness ? await deps.readiness() : { ready: true, checks: {} };
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(r.ready ? 200 : 503)
      .json({ status: r.ready ? 'ready' : 'not ready', ...r } satisfies ReadinessResponse);
  });
  app.use('/api', protocolGate());
  app.get(API_PATHS.version, (_req, res) => {
    res.json(deps.version ?? versionInfo('unknown', now()));
  });

  // JSON answers compressed when the client asks, at the fastest levels: the answer is made per request,
  // so time counts more than the last tenth of the bytes. History compresses its own answers once per
  // second and query (historyRoute.ts), which this leaves alone; static assets are precompressed at build
  // (staticAssets.ts).
  app.use(
    '/api',
    compression({
      threshold: 1024,
      // A byte range of a recording is served as stored: compressing it would break the range.
      // Refusals (small, often answered before the body was read and then the connection closed) go out
      // as they are.
      filter: (req, res) => !req.headers.range && res.statusCode < 400 && compression.filter(req, res),
      // Brotli 1: a week of 48 series (1.6 MB) in 5.5 ms to 305 KB; quality 4 took 16 ms for 278 KB.
      brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } },
      level: 1,
    }),
  );

  // The API's OpenAPI 3.1 document (openapi.ts), built once: open to all, and cacheable (with an ETag).
  const openApiJson = JSON.stringify(
    openApiDocument((deps.version ?? versionInfo('unknown', now())).version),
  );
  app.get(API_PATHS.openapi, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(openApiJson);
  });

  app.post(
    API_PATHS.ingest,
    ingestRoute(deps.ingest, deps.ingestToken, deps.maxConcurrentIngest ?? MAX_CONCURRENT_INGEST_BODIES),
  );

  // With a viewer token configured, reading the API needs it too (header or ?token= for links). The
  // operator token is a superset: an operator's screen can read what viewers read.
  const viewerGate = authGate({
    tokens: [deps.viewerToken, deps.operatorToken],
    queryToken: true,
    missing: { status: 401, error: 'a viewer token is required' },
    invalid: { status: 403, error: 'invalid viewer token' },
  });
  const requireViewer = (req: Request, res: Response, next: NextFunction) => {
    if (!deps.viewerToken) return next();
    viewerGate(req, res, next);
  };

  app.get(API_PATHS.fleet, requireViewer, (_req, res) => {
    res.json(deps.store.idx.fleet);
  });

  const history = historyRoute(deps.store, now);
  app.get(API_PATHS.history, requireViewer, (req, res, next) => {
    history(req, res).catch(next);
  });

  app.get(API_PATHS.alerts, requireViewer);
  app.use(
    alertRoutes({
      alerts: deps.alerts,
      operatorToken: deps.operatorToken,
      onEvents: deps.onAlertEvents,
      now,
    }),
  );

  app.use(API_PATHS.recordings, requireViewer);
  if (deps.recorder) {
    app.use(
      recordingRoutes({
        recorder: deps.recorder,
        operatorToken: deps.operatorToken,
        now,
        importMaxBytes: deps.importMaxBytes ?? 2 ** 30,
        log,
      }),
    );
  } else {
    app.all('/api/recordings{/*rest}', (req, res) => {
      refuse(req, res, 503, 'recording is off on this server (GIGAWATT_RECORD=off)');
    });
  }

  app.get(API_PATHS.metrics, requireViewer, async (_req, res) => {
    const text = await deps.metrics.render();
    res.type(deps.metrics.contentType).send(text);
  });

  app.all('/api/{*rest}', (req, res) => refuse(req, res, 404, `no such endpoint: ${req.method} ${req.path}`));

  const clientDir = resolve(deps.clientDir);
  const indexHtml = join(clientDir, 'index.html');
  if (existsSync(indexHtml)) {
    app.use(staticAssets(clientDir));
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

  // Whatever no route took (a POST to a page, say) is answered here, its body unread: express's own
  // fallback would read the whole body first, and answer even after a body deadline already had.
  app.use((req, res) => refuse(req, res, 404, `no such endpoint: ${req.method} ${req.path}`));

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Answered already (a body deadline, a refusal): all that is left is a connection to let go of.
    if (res.headersSent) {
      if (!req.complete) req.socket.destroy();
      return;
    }
    const e = err as {
      status?: number;
      statusCode?: number;
      type?: string;
      message?: string;
      limit?: unknown;
    };
    const given = err instanceof HttpError ? err.status : (e.status ?? e.statusCode);
    // Only a client-error or server-error status is taken from an error (res.status throws on others).
    const status =
      typeof given === 'number' && Number.isInteger(given) && given >= 400 && given <= 599 ? given : 500;
    let message = typeof e.message === 'string' ? e.message : 'internal error';
    // Each parser has its own limit (4 MiB of NDJSON, 16 KiB of ack): the error carries the one it hit.
    if (e.type === 'entity.too.large') {
      message =
        typeof e.limit === 'number'
          ? `request body too large (limit ${formatBytes(e.limit)})`
          : 'request body too large';
    } else if (status >= 500) {
      log.error({ ...errorFields(err), method: req.method, path: req.path }, 'internal error');
      message = 'internal error';
    }
    // The rest of a body that was refused unread (too large, not JSON) is not worth reading.
    refuse(req, res, status, message);
  });
  return app;
}
