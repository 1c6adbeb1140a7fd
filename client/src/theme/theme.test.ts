import { METRIC_REGISTRY, type MetricId } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { metricColor, palette } from './theme.ts';

/** The page's CSS variables that draw a metric, and the metric whose registry colour they must be. */
const CSS_METRIC_VARS: Record<string, MetricId> = {
  '--rented': 'gpusRented',
  '--internal': 'gpusInternal',
  '--idle': 'gpusIdle',
  '--failed': 'gpusFailed',
  '--c-facility': 'facilityPowerMw',
  '--c-it': 'itPowerMw',
  '--c-util': 'gpuUtilPct',
};

/** styles.css as text (the client's types have no node: modules, and Vitest serves `?raw` CSS empty). */
async function readStyles(): Promise<string> {
  const name = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ name)) as {
    readFile(path: URL, encoding: 'utf8'): Promise<string>;
  };
  return fs.readFile(new URL('../styles.css', import.meta.url), 'utf8');
}

describe('theme', () => {
  it('takes every metric colour from the registry', () => {
    for (const d of METRIC_REGISTRY) expect(metricColor(d.id)).toBe(d.color);
    expect(palette.facility).toBe(metricColor('facilityPowerMw'));
    expect(palette.it).toBe(metricColor('itPowerMw'));
    expect(palette.util).toBe(metricColor('gpuUtilPct'));
    expect(palette.temp).toBe(metricColor('inletTempC'));
  });

  it("keeps styles.css's metric variables (the dark page theme) equal to the registry's colours", async () => {
    const styles = await readStyles();
    const root = /:root\s*\{([^}]*)\}/g;
    const vars = new Map<string, string>();
    for (const block of styles.matchAll(root)) {
      for (const m of block[1]!.matchAll(/(--[\w-]+):\s*([^;]+);/g)) vars.set(m[1]!, m[2]!.trim());
    }
    for (const [name, metric] of Object.entries(CSS_METRIC_VARS)) {
      expect(vars.get(name)?.toLowerCase(), name).toBe(metricColor(metric).toLowerCase());
    }
  });
});
