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
  /**
   * The worst value reached while the alert was open, in `unit` (higher is always worse: a utilization
   * drop is in points lost). Alerts written before triggerValue existed carried the latest value here.
   */
  value: z.number(),
  /** The value when the alert was raised. Absent in older records (then `value` is all there is). */
  triggerValue: z.number().optional(),
  threshold: z.number(),
  unit: z.string().max(20),
  start: z.number(),
  /** Set when the condition cleared. */
  end: z.number().optional(),
  state: alertStateSchema,
  ack: alertAckSchema.optional(),
  /** When the condition outlasted its rule's `escalate.afterS` and `severity` was raised to its level. */
  escalatedAt: z.number().optional(),
  /**
   * How often this rule and scope raised within the flap window before and during this alert (absent:
   * never). A flapping alert stays open through short recoveries instead of raising again each time.
   */
  repeats: z.number().int().min(0).optional(),
  flapping: z.boolean().optional(),
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

/**
 * A condition that lasts longer than `afterS` seconds after its raise is worth more than its raise was
 * (a job restart is information; a hall still down after every restart should be over is a warning).
 */
export const escalateSchema = z.object({
  afterS: z.number().int().min(1).max(86_400),
  severity: severitySchema,
});

const base = {
  id: idSchema,
  severity: severitySchema,
  enabled: z.boolean().default(true),
  escalate: escalateSchema.optional(),
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
    /** A liquid-cooled hall's coolant supply (what its CDUs send to the racks) too warm. */
    kind: z.literal('coolantSupplyHigh'),
    raiseAtC: z.number().min(0).max(100),
    clearBelowC: z.number().min(0).max(100),
    forS: z.number().int().min(0).max(3600),
  }),
  z.object({
    ...base,
    /**
     * A liquid-cooled hall's loop not carrying its heat away: flow at or below `raiseBelowPct` % of the
     * hall's design flow (hallDesignFlowLpm), or return − supply at or above `raiseAtDeltaC`. ΔT is the
     * check that does not trust the flow meter. Cleared once flow is above `clearAbovePct` % and ΔT
     * below `clearBelowDeltaC` again. The alert's value is the flow missing, in % of design, at its most
     * strained reading.
     */
    kind: z.literal('coolantFlowLow'),
    raiseBelowPct: z.number().min(1).max(100),
    clearAbovePct: z.number().min(1).max(100),
    raiseAtDeltaC: z.number().min(1).max(100),
    clearBelowDeltaC: z.number().min(0).max(100),
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
      if (r.kind === 'coolantSupplyHigh' && r.clearBelowC > r.raiseAtC) {
        ctx.addIssue({ code: 'custom', message: `rule "${r.id}": clearBelowC must not exceed raiseAtC` });
      }
      // Strictly: the rule measures each signal from its clear level to its raise level, so equal
      // levels would leave no band between them (and no hysteresis).
      if (r.kind === 'coolantFlowLow' && r.clearAbovePct <= r.raiseBelowPct) {
        ctx.addIssue({
          code: 'custom',
          message: `rule "${r.id}": clearAbovePct must be above raiseBelowPct`,
        });
      }
      if (r.kind === 'coolantFlowLow' && r.clearBelowDeltaC >= r.raiseAtDeltaC) {
        ctx.addIssue({
          code: 'custom',
          message: `rule "${r.id}": clearBelowDeltaC must be below raiseAtDeltaC`,
        });
      }
      if (r.escalate && SEVERITY_RANK[r.escalate.severity] >= SEVERITY_RANK[r.severity]) {
        ctx.addIssue({ code: 'custom', message: `rule "${r.id}": escalate.severity must be above severity` });
      }
      if (r.kind === 'failedGpus' && r.clearBelow > r.raiseAt) {
        ctx.addIssue({ code: 'custom', message: `rule "${r.id}": clearBelow must not exceed raiseAt` });
      }
    }
  });

/*
 * What a severity means, so that the wall is quiet when nothing needs a person:
 * - critical: act now; something is broken or about to be (a cap about to trip, racks above ASHRAE's
 *   allowable inlet, a liquid loop losing flow under 100+ kW racks, a site-wide loss of work, a dead feed).
 * - warning: needs a person this hour; it will not fix itself (a hall still down after any normal restart
 *   would be over, a cap margin nearly used up, cooling working above design, coolant supply warmer than
 *   any normal afternoon, repairs backing up).
 * - info: worth knowing, kept in the log and on the replay timeline, but nobody is paged for it: job
 *   restarts that recover on their own (several an hour across a fleet, Llama 3's interruption rate), and
 *   the afternoon peak touching the 80 % planning margin (every campus does on a normal day).
 * The wall shows warnings and criticals as needing acknowledgement; info only as a count.
 */

/** Defaults, each with why its number is what it is. */
export const defaultAlertRules: AlertRule[] = [
  // Utilities and contracts cap facility draw; 80 % is the usual planning margin, 95 % is "act now".
  // 80 % is information: the simulated campuses' afternoon peaks reach 84–86 % of cap on a normal day,
  // which is where planners want them (headroom for the 95 % line), not a reason to call anyone.
  {
    id: 'power-cap-80',
    kind: 'powerCap',
    severity: 'info',
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
  // Half the planning margin used up: above every normal-day peak (≤ 86 %), still minutes before 95 %.
  {
    id: 'power-cap-90',
    kind: 'powerCap',
    severity: 'warning',
    enabled: true,
    raiseAtPct: 90,
    clearBelowPct: 88,
    averageS: 60,
    forS: 30,
  },
  // Above the design band for a minute means cooling is working harder than designed for.
  { id: 'pue-high', kind: 'pueHigh', severity: 'warning', enabled: true, marginAbove: 0.01, forS: 60 },
  // A large synchronous training job that crashes takes a hall from ~90 % to near idle within seconds.
  // It then restarts on its own in 3–10 min (the simulator's RESTART_S, after Llama 3) plus a minute of
  // ramp-up, so the drop is information; still down 10 min after the raise (11.5 min after the drop,
  // longer than any normal restart) the hall needs a person: a warning.
  {
    id: 'util-drop-hall',
    kind: 'utilDrop',
    severity: 'info',
    escalate: { afterS: 600, severity: 'warning' },
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
  // Liquid-cooled halls (GB200/GB300 NVL72) only; shared/src/coolant.ts has the loop's physics. The
  // CDUs hold supply at 30 °C and the afternoon adds at most ~1–3 °C, so 36 °C is 3 K above any normal
  // reading: heat rejection (dry coolers, facility water) is losing ground. The cold plates are rated
  // for facility water up to 45 °C (ASHRAE W45), so it is not yet harm: a warning, held a minute so a
  // control loop's overshoot does not page. Cleared at 34 °C, still above any normal afternoon.
  {
    id: 'coolant-supply-high',
    kind: 'coolantSupplyHigh',
    severity: 'warning',
    enabled: true,
    raiseAtC: 36,
    clearBelowC: 34,
    forS: 60,
  },
  // 42 °C is 3 K below the cold plates' 45 °C rating, with return ~10 K above it at full load: the GPUs
  // are about to throttle. Act now.
  {
    id: 'coolant-supply-critical',
    kind: 'coolantSupplyHigh',
    severity: 'critical',
    enabled: true,
    raiseAtC: 42,
    clearBelowC: 40,
    forS: 10,
  },
  // Loops run at design flow (1.5 L/min per kW of liquid heat): ΔT ≈ 10 K at full load, 6–9 K on a
  // normal day. A loop losing flow under racks drawing 100+ kW each (GB200 NVL72: ~115 kW to liquid)
  // heats its cold plates within seconds, so this is critical: act now. 80 % of design flow means
  // ΔT 12.5 K at full load; 15 K (flow ~67 % of what full load needs) is beyond any normal load and
  // catches a flow meter that reads normal on a starved loop. Held 10 s so an N+1 pump switchover's
  // dip does not page; cleared above 90 % and below 12 K, both inside normal operation.
  {
    id: 'coolant-flow-low',
    kind: 'coolantFlowLow',
    severity: 'critical',
    enabled: true,
    raiseBelowPct: 80,
    clearAbovePct: 90,
    raiseAtDeltaC: 15,
    clearBelowDeltaC: 12,
    forS: 10,
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
