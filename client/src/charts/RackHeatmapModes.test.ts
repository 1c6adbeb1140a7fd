import type { RackBlock } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, siteHref } from '../router/parseRoute.ts';
import {
  COOLANT_RETURN_BAND,
  coolantColorAt,
  coolantFill,
  RACK_FIELDS,
  RACK_MODE_LIST,
  RACK_MODES,
  rackModeLabel,
  rackModeWords,
  rackStats,
  rackTipLines,
  widenedDomain,
} from './RackHeatmapModes.ts';

const block = (coolant?: number[]): RackBlock => ({
  site: 'ohio',
  hall: 'h10',
  t: 1_700_000_000_000,
  powerKw: Float32Array.from([120.04, 80]),
  utilPct: Float32Array.from([91.25, 40]),
  inletTempC: Float32Array.from([24.3, 22]),
  ...(coolant ? { coolantReturnC: Float32Array.from(coolant) } : {}),
});

describe('rack heatmap modes', () => {
  it('are labelled from the registry, with the rack column’s unit', () => {
    expect(RACK_MODE_LIST.map(rackModeLabel)).toEqual([
      'IT power (kW)',
      'Inlet temperature (°C)',
      'Coolant return (°C)',
    ]);
    expect(RACK_MODE_LIST.map(rackModeWords)).toEqual(['IT power', 'inlet temperature', 'coolant return']);
  });

  it('coolant reads the coolant return column, and nothing from a block without it', () => {
    expect(RACK_MODES.coolant.pick(block([37.5, 36]))).toEqual(Float32Array.from([37.5, 36]));
    expect(RACK_MODES.coolant.pick(block())).toBeUndefined();
    expect(RACK_MODES.coolant.format(37.46)).toBe('37.5 °C');
    expect(RACK_MODES.power.format(120.04)).toBe('120.0 kW');
  });

  it('coolant return runs from the supply setpoint to twice the design rise above it, widened by the data', () => {
    expect(COOLANT_RETURN_BAND).toEqual([30, 50]);
    expect(RACK_MODES.coolant.domain(Float32Array.from([36, 38]), 132)).toEqual([30, 50]);
    expect(RACK_MODES.coolant.domain(Float32Array.from([36, 61.2]), 132)).toEqual([30, 62]);
    expect(widenedDomain(Float32Array.from([Number.NaN, 17.5]), [18, 32])).toEqual([17, 32]);
    expect(RACK_MODES.power.domain(new Float32Array(0), 131.2)).toEqual([0, 132]);
  });

  it('the coolant scale gets brighter with temperature and clamps', () => {
    const lum = ([r, g, b]: readonly [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    for (let i = 1; i <= 10; i++)
      expect(lum(coolantColorAt(i / 10))).toBeGreaterThan(lum(coolantColorAt((i - 1) / 10)));
    expect(coolantFill(100, 30, 50)).toBe('rgb(247,252,240)');
    expect(coolantFill(Number.NaN, 30, 50)).toBe('rgb(8,64,129)');
    expect(RACK_MODES.coolant.gradient).toMatch(/^linear-gradient\(to right, rgb\(8,64,129\) 0\.0%/);
  });

  it('the tooltip lists every rack metric the block carries, the mode’s own first', () => {
    expect(RACK_FIELDS.map((f) => f.metric)).toEqual([
      'itPowerMw',
      'gpuUtilPct',
      'inletTempC',
      'coolantReturnC',
    ]);
    expect(rackTipLines(block([37.46, 36]), 0, RACK_MODES.coolant)).toEqual([
      'Coolant return 37.5 °C',
      'IT power 120.0 kW',
      'GPU utilization 91.3 %',
      'Inlet temperature 24.3 °C',
    ]);
    expect(rackTipLines(block(), 1, RACK_MODES.power)).toEqual([
      'IT power 80.0 kW',
      'GPU utilization 40.0 %',
      'Inlet temperature 22.0 °C',
    ]);
  });

  it('stats skip missing racks', () => {
    expect(rackStats(Float32Array.from([30, Number.NaN, 40]))).toEqual({ min: 30, mean: 35, max: 40 });
    expect(Number.isNaN(rackStats(new Float32Array(0)).mean)).toBe(true);
  });

  it('the mode lives in the URL as color=coolant', () => {
    expect(parseRoute('/site/ohio', '?hall=h10&color=coolant')).toEqual({
      name: 'site',
      siteId: 'ohio',
      hall: 'h10',
      color: 'coolant',
    });
    expect(siteHref('ohio', 'h10', 'coolant')).toBe('/site/ohio?hall=h10&color=coolant');
    expect(formatRoute(parseRoute('/site/ohio', 'color=coolant'))).toBe('/site/ohio?color=coolant');
  });
});
