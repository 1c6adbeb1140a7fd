import { METRIC_REGISTRY } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatCapPct,
  formatClock,
  formatGpuShare,
  formatGpuSharePct,
  formatGpus,
  formatLiveAgo,
  formatMetric,
  formatMw,
  formatPct,
  formatPue,
  formatShare,
  formatSignedMw,
  formatTempC,
  formatUsdPerHour,
  formatUtil,
  formatZone,
  LIVE_FRESH_MS,
  metricDigits,
  NO_VALUE,
} from './format.ts';

describe('format', () => {
  it('formats power in MW with one decimal and thousands separators', () => {
    expect(formatMw(412.345)).toBe('412.3 MW');
    expect(formatMw(2310.44)).toBe('2,310.4 MW');
    expect(formatMw(0)).toBe('0.0 MW');
  });

  it('signs headroom', () => {
    expect(formatSignedMw(27.71)).toBe('+27.7 MW');
    expect(formatSignedMw(-3.14)).toBe('−3.1 MW');
    expect(formatSignedMw(-0.01)).toBe('+0.0 MW');
  });

  it('formats percentages and shares', () => {
    expect(formatPct(87.345)).toBe('87.3 %');
    expect(formatShare(0.25)).toBe('25.0 %');
    expect(formatShare(0.0004, 0)).toBe('<1 %');
    expect(formatShare(0, 0)).toBe('0 %');
  });

  it('has one precision per quantity, whatever the page', () => {
    expect(formatUtil(87.345)).toBe('87.3 %');
    expect(formatCapPct(86.94)).toBe('86.9 %');
    expect(formatCapPct(-3.06)).toBe('-3.1 %');
    // Rented share: the same text from a 0–1 share (/, /wall) and from a percentage (/exec).
    expect(formatGpuShare(0.13712)).toBe('13.7 %');
    expect(formatGpuSharePct(13.712)).toBe('13.7 %');
    expect(formatGpuShare(0.0004)).toBe('0.04 %');
    expect(formatGpuShare(0)).toBe('0.0 %');
    expect(formatGpuShare(Number.NaN)).toBe(NO_VALUE);
  });

  it('formats GPU counts with separators and a unit', () => {
    expect(formatGpus(123456)).toBe('123,456 GPUs');
    expect(formatGpus(1)).toBe('1 GPU');
  });

  it('formats revenue compactly', () => {
    expect(formatUsdPerHour(950)).toBe('$950/h');
    expect(formatUsdPerHour(812_400)).toBe('$812.4k/h');
    expect(formatUsdPerHour(999_990)).toBe('$1.00M/h');
    expect(formatUsdPerHour(1_234_567)).toBe('$1.23M/h');
  });

  it('formats temperature and PUE', () => {
    expect(formatTempC(24.06)).toBe('24.1 °C');
    expect(formatPue(1.1234)).toBe('1.12');
  });

  it('shows a dash for missing values', () => {
    for (const f of [formatMw, formatPct, formatGpus, formatUsdPerHour, formatTempC, formatPue]) {
      expect(f(Number.NaN)).toBe(NO_VALUE);
      expect(f(null)).toBe(NO_VALUE);
    }
  });

  it('formats ages', () => {
    expect(formatAgo(200)).toBe('just now');
    expect(formatAgo(3_400)).toBe('3 s ago');
    expect(formatAgo(125_000)).toBe('2 min ago');
    expect(formatAgo(2 * 3600_000)).toBe('2 h ago');
  });
});

describe('formatClock and formatZone (cached formatters)', () => {
  // Hourly over two years, so both DST changes of each zone fall inside.
  const times: number[] = [];
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2026, 0, 1); t += 3_599_917) times.push(t);

  it('reads exactly as toLocaleTimeString did, in the viewer zone and in given zones', () => {
    for (const zone of [undefined, 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      // toLocaleTimeString is this formatter (it adds hour, minute and second when no time field is
      // given), made anew on every call: one formatter for the hourly sweep, the real call on a sample.
      const reference = new Intl.DateTimeFormat('en-US', {
        hour12: false,
        timeZone: zone,
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      const mismatches = times.filter((t) => formatClock(t, zone) !== reference.format(t));
      expect(
        mismatches.map((t) => new Date(t).toISOString()),
        String(zone),
      ).toEqual([]);
      for (const t of times.filter((_, i) => i % 97 === 0)) {
        expect(formatClock(t, zone)).toBe(
          new Date(t).toLocaleTimeString('en-US', { hour12: false, timeZone: zone }),
        );
      }
    }
    expect(formatClock(Number.NaN)).toBe('—');
  });

  it('names the zone as a fresh formatter does, across offset changes', () => {
    const zoneName = (f: Intl.DateTimeFormat, t: number) =>
      f.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value;
    const options = { timeZoneName: 'short' } as const;
    // A formatter's answer does not depend on when it was made: one for the sweep, fresh ones on a sample.
    const reference = new Intl.DateTimeFormat('en-US', options);
    const moments = times.flatMap((t) => [t, t + 59_999]);
    const mismatches = moments.filter((t) => formatZone(t) !== zoneName(reference, t));
    expect(mismatches.map((t) => new Date(t).toISOString())).toEqual([]);
    for (const t of moments.filter((_, i) => i % 97 === 0)) {
      expect(formatZone(t)).toBe(zoneName(new Intl.DateTimeFormat('en-US', options), t));
    }
    expect(formatZone(Number.NaN)).toBe('');
  });
});

describe('formatMetric (the registry)', () => {
  it('reads as the quantity helpers every page already uses', () => {
    for (const x of [0, 0.0004, 1.23456, 87.349, 2310.44, 29_999.5]) {
      expect(formatMetric('facilityPowerMw', x)).toBe(formatMw(x));
      expect(formatMetric('itPowerMw', x)).toBe(formatMw(x));
      expect(formatMetric('gpuUtilPct', x)).toBe(formatUtil(x));
      expect(formatMetric('inletTempC', x)).toBe(formatTempC(x));
      expect(formatMetric('pue', x)).toBe(formatPue(x));
      expect(formatMetric('gpusRented', x)).toBe(formatGpus(x));
      expect(formatMetric('rentedShare', x / 30_000)).toBe(formatGpuShare(x / 30_000));
      expect(formatMetric('revenueUsdPerHour', x)).toBe(formatUsdPerHour(x));
    }
  });

  it('shows every metric with its unit at its registry precision, and a dash when missing', () => {
    const special = new Set(['rentedShare', 'revenueUsdPerHour']);
    for (const def of METRIC_REGISTRY) {
      expect(formatMetric(def.id, Number.NaN), def.id).toBe(NO_VALUE);
      expect(formatMetric(def.id, undefined), def.id).toBe(NO_VALUE);
      if (special.has(def.id)) continue;
      const text = formatMetric(def.id, 1234.56789);
      if (def.unit) expect(text.endsWith(` ${def.unit}`), `${def.id}: ${text}`).toBe(true);
      expect(/\.(\d+)/.exec(text)?.[1]?.length ?? 0, `${def.id}: ${text}`).toBe(def.displayDigits);
      expect(metricDigits(def.id)).toBe(def.displayDigits);
    }
  });
});

describe('formatLiveAgo', () => {
  it('says "just now" within the feed’s period and jitter, then counts like formatAgo', () => {
    expect(formatLiveAgo(0)).toBe('just now');
    expect(formatLiveAgo(1200)).toBe('just now');
    expect(formatLiveAgo(LIVE_FRESH_MS - 1)).toBe('just now');
    expect(formatLiveAgo(LIVE_FRESH_MS)).toBe('2 s ago');
    expect(formatLiveAgo(90_000)).toBe('1 min ago');
    expect(formatLiveAgo(null)).toBe('—');
  });
});
