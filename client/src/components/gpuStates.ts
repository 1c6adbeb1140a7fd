import { type GpuCounts, type MetricId, metricDef } from '@gigawatt/shared';

/** A state a GPU is counted in (the parts of GpuCounts that add up to its total). */
export type GpuState = Exclude<keyof GpuCounts, 'total'>;

/**
 * Each state's count metric. A Record, so a state added to GpuCounts does not compile until it names
 * its metric; the order is the order of bars and legends.
 */
const COUNT_METRIC = {
  rented: 'gpusRented',
  internal: 'gpusInternal',
  idle: 'gpusIdle',
  failed: 'gpusFailed',
} as const satisfies Record<GpuState, MetricId>;

export interface GpuStateView {
  key: GpuState;
  /** The state's count metric (the `data-metric` hook). */
  metric: MetricId;
  /** The registry's label of the count ("Rented GPUs"). */
  name: string;
  /** The state alone, as a legend under a "GPUs" heading reads ("Rented"). */
  label: string;
  /** The registry's chart colour. */
  color: string;
}

/** "Rented GPUs" less its unit → "Rented". */
function stateLabel(key: GpuState, label: string, unit: string): string {
  const suffix = ` ${unit}`;
  return unit && label.endsWith(suffix)
    ? label.slice(0, -suffix.length)
    : key[0]!.toUpperCase() + key.slice(1);
}

/** The GPU states with their labels and colours from the metric registry. */
export const GPU_STATE_VIEWS: readonly GpuStateView[] = Object.freeze(
  (Object.keys(COUNT_METRIC) as GpuState[]).map((key) => {
    const def = metricDef(COUNT_METRIC[key]);
    return {
      key,
      metric: def.id,
      name: def.label,
      label: stateLabel(key, def.label, def.unit),
      color: def.color,
    };
  }),
);
