import {
  type AckResponse,
  type AlertEvent,
  type AlertListResponse,
  ackRequestSchema,
  describeZodError,
} from '@gigawatt/shared';
import express, { type Router } from 'express';
import type { AlertEngine } from '../alerts/index.ts';
import { requireOperator } from './requireOperator.ts';

/** An ack is a comment and a name: 16 KiB is plenty. */
const ackBody = express.json({ limit: '16kb' });

export interface AlertRoutesDeps {
  alerts: AlertEngine;
  operatorToken: string;
  onEvents: (events: AlertEvent[]) => void;
  now: () => number;
}

/** GET /api/alerts (the log) and POST /api/alerts/:id/ack (operator token). */
export function alertRoutes(deps: AlertRoutesDeps): Router {
  const r = express.Router();
  r.get('/api/alerts', (req, res) => {
    const raw = typeof req.query.limit === 'string' ? Number(req.query.limit) : 200;
    if (!Number.isInteger(raw) || raw < 1 || raw > 1000) {
      return res.status(400).json({ error: 'limit must be an integer from 1 to 1000' });
    }
    res.json({ active: deps.alerts.active(), log: deps.alerts.log(raw) } satisfies AlertListResponse);
  });
  // The token is checked before the body is read; 403 for both missing and wrong tokens.
  r.post('/api/alerts/:id/ack', requireOperator(deps.operatorToken, 'acknowledging'), ackBody, (req, res) => {
    const body = ackRequestSchema.safeParse(req.body ?? {});
    if (!body.success) return res.status(400).json({ error: describeZodError(body.error) });
    const result = deps.alerts.acknowledge(String(req.params.id), body.data, deps.now());
    if (!result.ok) return res.status(result.status).json({ error: result.error });
    deps.onEvents([result.event]);
    res.json({ alert: result.event.alert } satisfies AckResponse);
  });
  return r;
}
