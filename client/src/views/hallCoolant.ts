import {
  type CoolantSample,
  defaultAlertRules,
  type FleetIndex,
  type HallSample,
  hallDesignFlowLpm,
  type MetricId,
  metricDef,
  type Severity,
} from '@gigawatt/shared';
import { formatMetric, formatNumber, NO_VALUE } from '../format/format.ts';

/**
 * A hall's coolant loop as the screens show it: the figures, the flow against the loop's design flow,
 * and whether any of it is out of its normal band — with the words that say so, since colour alone
 * carries no meaning for a reader who cannot tell the colours apart.
 */

/**
 * Where a loop stops being normal, on the alert rules' own levels (shared/src/alerts.ts, where each
 * number's reason is written): "bad" where the default rule raises, "warn" between its clear and raise
 * levels — not yet an alert, not normal either. A healthy direct-to-chip loop runs at design flow with
 * a ΔT of about 6–9 K and a supply near its 30 °C setpoint, far from both.
 */
export interface CoolantBands {
  /** % of design flow at or below which the loop is starved (bad), or no longer normal (warn). */
  flowBadPct: number;
  flowWarnPct: number;
  /** Return − supply (K) at or above which racks run hotter than the loop was built for. */
  deltaBadC: number;
  deltaWarnC: number;
  /** Supply (°C) at or above which heat rejection is losing ground. */
  supplyBadC: number;
  supplyWarnC: number;
}

/** Used when the rules below are missing from a rule set (levels as the shipped defaults). */
const FALLBACK_BANDS: CoolantBands = {
  flowBadPct: 80,
  flowWarnPct: 90,
  deltaBadC: 15,
  deltaWarnC: 12,
  supplyBadC: 42,
  supplyWarnC: 36,
};

type LooseRule = { kind: string; severity: Severity; enabled?: boolean } & Record<string, unknown>;
const num = (r: LooseRule | undefined, key: string, fallback: number): number => {
  const v = r?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
};

/** Bands from a rule set: the coolant flow rule's raise and clear levels, the supply rules' raises. */
export function coolantBands(rules: readonly { kind: string }[]): CoolantBands {
  const list = (rules as readonly LooseRule[]).filter((r) => r.enabled !== false);
  const flow = list.find((r) => r.kind === 'coolantFlowLow');
  const supply = list.filter((r) => r.kind === 'coolantSupplyHigh');
  const supplyAt = (sev: Severity) => supply.find((r) => r.severity === sev);
  const f = FALLBACK_BANDS;
  return {
    flowBadPct: num(flow, 'raiseBelowPct', f.flowBadPct),
    flowWarnPct: num(flow, 'clearAbovePct', f.flowWarnPct),
    deltaBadC: num(flow, 'raiseAtDeltaC', f.deltaBadC),
    deltaWarnC: num(flow, 'clearBelowDeltaC', f.deltaWarnC),
    supplyBadC: num(supplyAt('critical'), 'raiseAtC', f.supplyBadC),
    supplyWarnC: num(supplyAt('warning'), 'raiseAtC', f.supplyWarnC),
  };
}

export const COOLANT_BANDS: Readonly<CoolantBands> = Object.freeze(coolantBands(defaultAlertRules));

export type CoolantState = 'ok' | 'warn' | 'bad';
export type CoolantIssueKind = 'flowLow' | 'deltaHigh' | 'supplyHigh';

/** The registry metric each issue is about, so a screen can mark that figure. */
export const ISSUE_METRIC: Readonly<Record<CoolantIssueKind, MetricId>> = {
  flowLow: 'coolantFlowLpm',
  deltaHigh: 'coolantDeltaC',
  supplyHigh: 'coolantSupplyC',
};

export interface CoolantIssue {
  kind: CoolantIssueKind;
  state: Exclude<CoolantState, 'ok'>;
  /** A few words that say what is wrong, for beside the colour: "Low flow 41 %". */
  text: string;
}

export interface CoolantReading extends CoolantSample {
  deltaC: number;
  /** The loop's design flow (L/min); 0 when unknown. */
  designLpm: number;
  /** Flow as % of design; NaN when the design flow is unknown. */
  flowPct: number;
  state: CoolantState;
  /** Worst first. */
  issues: readonly CoolantIssue[];
}

/** What a hall's coolant cell has to say: no loop, a liquid loop not reporting (yet), or a reading. */
export type HallCoolant = { kind: 'air' } | { kind: 'noData' } | ({ kind: 'liquid' } & CoolantReading);

const RANK: Record<CoolantState, number> = { ok: 0, warn: 1, bad: 2 };
export const worseState = (a: CoolantState, b: CoolantState): CoolantState => (RANK[b] > RANK[a] ? b : a);

/** Flow as a whole % of design: "41 %". */
export const formatFlowPct = (pct: number): string =>
  Number.isFinite(pct) ? `${formatNumber(pct, 0)} %` : NO_VALUE;

/** A coolant metric at the registry's precision and unit: "22.4 °C", "63,460 L/min". */
export const formatCoolant = (id: MetricId, v: number | undefined): string => formatMetric(id, v);

/** Classifies one loop reading against the bands (by default the default alert rules' levels). */
export function coolantReading(
  c: CoolantSample,
  designLpm: number,
  b: CoolantBands = COOLANT_BANDS,
): CoolantReading {
  const deltaC = c.returnC - c.supplyC;
  const flowPct = designLpm > 0 ? (c.flowLpm / designLpm) * 100 : Number.NaN;
  const issues: CoolantIssue[] = [];
  if (Number.isFinite(flowPct) && flowPct <= b.flowWarnPct) {
    issues.push({
      kind: 'flowLow',
      state: flowPct <= b.flowBadPct ? 'bad' : 'warn',
      text: `Low flow ${formatFlowPct(flowPct)}`,
    });
  }
  if (deltaC >= b.deltaWarnC) {
    issues.push({ kind: 'deltaHigh', state: deltaC >= b.deltaBadC ? 'bad' : 'warn', text: 'High ΔT' });
  }
  if (c.supplyC >= b.supplyWarnC) {
    issues.push({
      kind: 'supplyHigh',
      state: c.supplyC >= b.supplyBadC ? 'bad' : 'warn',
      text: 'Warm supply',
    });
  }
  // Stable sort: bad before warn, and within a state the order above (flow is the cause, ΔT the effect).
  issues.sort((x, y) => RANK[y.state] - RANK[x.state]);
  const state = issues.reduce<CoolantState>((s, i) => worseState(s, i.state), 'ok');
  return { ...c, deltaC, designLpm, flowPct, state, issues };
}

/** A hall's coolant: air-cooled halls have none; a liquid hall's sample may not carry it yet. */
export function hallCoolant(
  index: FleetIndex,
  siteId: string,
  hallId: string,
  sample: HallSample | undefined,
): HallCoolant {
  const hall = index.hall(siteId, hallId);
  const model = hall ? index.model(hall.gpuModel) : undefined;
  if (model?.cooling !== 'liquid') return { kind: 'air' };
  if (!sample?.coolant) return { kind: 'noData' };
  return { kind: 'liquid', ...coolantReading(sample.coolant, hallDesignFlowLpm(index, siteId, hallId)) };
}

/** Whether a hall has a liquid loop (GB200/GB300 NVL72) or is air-cooled (H100, or not said). */
export function hallIsLiquid(index: FleetIndex, siteId: string, hallId: string): boolean {
  const hall = index.hall(siteId, hallId);
  return (hall ? index.model(hall.gpuModel)?.cooling : undefined) === 'liquid';
}

/** The state word for a reading: "Normal", or the worst issue's words. */
export const coolantStateText = (r: CoolantReading): string => r.issues[0]?.text ?? 'Normal';

/** Coolant states on the page's alert scale, so they share its icons and colours. */
export const coolantSeverity = (s: Exclude<CoolantState, 'ok'>): Severity =>
  s === 'bad' ? 'critical' : 'warning';

/** One sentence with every figure, for a title or a screen reader. */
export function coolantSentence(r: CoolantReading): string {
  const parts = [
    `${metricDef('coolantSupplyC').label} ${formatCoolant('coolantSupplyC', r.supplyC)}`,
    `return ${formatCoolant('coolantReturnC', r.returnC)}`,
    `ΔT ${formatCoolant('coolantDeltaC', r.deltaC)}`,
    `flow ${formatCoolant('coolantFlowLpm', r.flowLpm)}${Number.isFinite(r.flowPct) ? ` (${formatFlowPct(r.flowPct)} of design)` : ''}`,
  ];
  const state = r.issues.length ? r.issues.map((i) => i.text).join(', ') : 'normal';
  return `${parts.join(', ')}: ${state}.`;
}

/**
 * The short figure for a wall display read across a room: ΔT, and the flow as % of design when the
 * flow is what is wrong or the loop is in trouble ("ΔT 22.4 °C · flow 41 %").
 */
export function coolantBrief(r: Pick<CoolantReading, 'deltaC' | 'flowPct'>): {
  delta: string;
  flow: string | null;
} {
  return {
    delta: `ΔT ${formatCoolant('coolantDeltaC', r.deltaC)}`,
    flow: Number.isFinite(r.flowPct) ? `flow ${formatFlowPct(r.flowPct)}` : null,
  };
}
