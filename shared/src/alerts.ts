import { z } from 'zod';
import { idSchema } from './fleetSchema.ts';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** Lower sorts first: the wall shows critical before warning before info. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export const alertStateSchema = z.enum(['raised', 'acknowledged', 'cleared']);
export type AlertState = z.infer<typeof alertStateSchema>;

/**
 * Where an alert applies: a site, a hall of a site, or (no site) the fleet as a whole, for conditions
 * of the system rather than of a site, such as the recorder failing (rule "recorder-failed").
 */
export const alertScopeSchema = z
  .object({
    site: idSchema.optional(),
    hall: idSchema.optional(),
  })
  .refine((s) => s.hall === undefined || s.site !== undefined, {
    message: 'a hall needs its site',
    path: ['hall'],
  });
export type AlertScope = z.infer<typeof alertScopeSchema>;

export const alertAckSchema = z.object({
  by: z.string().min(1).max(80),
  at: z.number(),
  comment: z.string().max(500),
});
export type AlertAck = z.infer<typeof alertAckSchema>;

export const alertSchema = z.object({
  id: z.string().min(1).max(200),
  rule: idSchema,
  severity: severitySchema,
  scope: alertScopeSchema,
  /** One line for a wall display: "Ohio facility power at 96 % of cap". */
  title: z.string().max(200),
  /** The value that triggered (or last updated) the alert, in `unit`. */
  value: z.number(),
  threshold: z.number(),
  unit: z.string().max(20),
  start: z.number(),
  /** Set when the condition cleared. */
  end: z.number().optional(),
  state: alertStateSchema,
  ack: alertAckSchema.optional(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertEventSchema = z.object({
  kind: z.enum(['raised', 'updated', 'acknowledged', 'cleared']),
  alert: alertSchema,
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

export const ackRequestSchema = z.object({
  by: z.string().trim().min(1, 'by (who acknowledges) is required').max(80),
  comment: z.string().trim().max(500).default(''),
});
export type AckRequest = z.infer<typeof ackRequestSchema>;

const base = {
  id: idSchema,
  severity: severitySchema,
  enabled: z.boolean().default(true),
};

/**
 * Alert rules (a JSON file, GIGAWATT_ALERT_RULES, or the defaults). Every threshold rule has a raise and
 * a lower clear level plus a hold time, so a value hovering at the threshold does not flap.
 */
export const alertRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('powerCap'),
    /** Facility power as % of the site cap. */
    raiseAtPct: z.number().min(1).max(200),
    clearBelowPct: z.number().min(1).max(200),
    /**
     * Judge the mean over this many seconds: training swings power by several percent every few
     * seconds, so an instantaneous 80 % rule would flap all afternoon on a site that runs near it.
     */
    averageS: z.number().int().min(1).max(3600).default(1),
    forS: z.number().int().min(0).max(3600),
  }),
  z.object({
    ...base,
    kind: z.literal('pueHigh'),
    /** Raise when PUE exceeds the site's design max by this much. */
    marginAbove: z.number().min(0).max(1),
    forS: z.number().int().min(0).max(3600),
  }),
  z.object({
    ...base,
    kind: z.literal('utilDrop'),
    level: z.enum(['site', 'hall']),
    /** Points of utilization lost within windowS. */
    dropPts: z.number().min(1).max(100),
    windowS: z.number().int().min(2).max(3600),
    /** Cleared once utilization is back within this many points of where it was before the drop. */
    recoverWithinPts: z.number().min(0).max(100),
    /** The drop must last this long: checkpoints dip for 20–60 s, a crashed job idles for minutes. */
    forS: z.number().int().min(0).max(3600).default(90),
  }),
  z.object({
    ...base,
    kind: z.literal('rackInletHigh'),
    raiseAtC: z.number().min(0).max(100),
    clearBelowC: z.number().min(0).max(100),
    forS: z.number().int().min(0).max(3600),
  }),
  z.object({
    ...base,
    kind: z.literal('failedGpus'),
    raiseAt: z.number().int().min(1),
    clearBelow: z.number().int().min(0),
  }),
  z.object({
    ...base,
    kind: z.literal('feedStale'),
    afterS: z.number().min(1).max(3600),
  }),
]);
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const alertRulesSchema = z
  .array(alertRuleSchema)
  .max(100)
  .superRefine((rules, ctx) => {
    const ids = new Set<string>();
    for (const r of rules) {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `duplicate rule id "${r.id}"` });
      ids.add(r.id);
      if (r.kind === 'powerCap' && r.clearBelowPct > r.raiseAtPct) {
        ctx.addIssue({ code: 'custom', message: `rule "${r.id}": clearBelowPct must not exceed raiseAtPct` });
      }
      if (r.kind === 'rackInletHigh' && r.clearBelowC > r.raiseAtC) {
        ctx.addIssue({ code: 'custom', message: `rule "${r.id}": clearBelowC must not exceed raiseAtC` });
      }
      if (r.kind === 'failedGpus' && r.clearBelow > r.raiseAt) {
        ctx.addIssue({ code: 'custom', message: `rule "${r.id}": clearBelow must not exceed raiseAt` });
      }
    }
  });

/** Defaults, each with why its number is what it is. */
export const defaultAlertRules: AlertRule[] = [
  // Utilities and contracts cap facility draw; 80 % is the usual planning margin, 95 % is "act now".
  {
    id: 'power-cap-80',
    kind: 'powerCap',
    severity: 'warning',
    enabled: true,
    raiseAtPct: 80,
    clearBelowPct: 78,
    averageS: 60,
    forS: 30,
  },
  {
    id: 'power-cap-95',
    kind: 'powerCap',
    severity: 'critical',
    enabled: true,
    raiseAtPct: 95,
    clearBelowPct: 93,
    averageS: 5,
    forS: 3,
  },
  // Above the design band for a minute means cooling is working harder than designed for.
  { id: 'pue-high', kind: 'pueHigh', severity: 'warning', enabled: true, marginAbove: 0.01, forS: 60 },
  // A large synchronous training job that crashes takes a hall from ~90 % to near idle within seconds.
  {
    id: 'util-drop-hall',
    kind: 'utilDrop',
    severity: 'warning',
    enabled: true,
    level: 'hall',
    dropPts: 40,
    windowS: 60,
    recoverWithinPts: 10,
    forS: 90,
  },
  {
    id: 'util-drop-site',
    kind: 'utilDrop',
    severity: 'critical',
    enabled: true,
    level: 'site',
    dropPts: 25,
    windowS: 60,
    recoverWithinPts: 10,
    forS: 90,
  },
  // ASHRAE A1 allows 32 °C inlet at most (27 °C recommended).
  {
    id: 'rack-inlet-high',
    kind: 'rackInletHigh',
    severity: 'critical',
    enabled: true,
    raiseAtC: 32,
    clearBelowC: 30,
    forS: 5,
  },
  // Llama 3 rate (~4.7e-4 failures per GPU-day) × GPUs × ~13 h mean repair (Little's law; see the
  // simulator's modelConstants.ts): normally ~36 (Louisiana) to ~107 (Texas) GPUs per site await repair,
  // Poisson-spread (a year of the model peaks at ~155 in Texas). Well above that, repairs are backing up.
  {
    id: 'failed-gpus',
    kind: 'failedGpus',
    severity: 'warning',
    enabled: true,
    raiseAt: 170,
    clearBelow: 140,
  },
  { id: 'feed-stale', kind: 'feedStale', severity: 'critical', enabled: true, afterS: 10 },
];
