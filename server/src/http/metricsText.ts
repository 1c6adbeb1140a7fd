import type { FleetIndex, SiteSample } from '@gigawatt/shared';
import { pue, siteRevenueUsdPerHour } from '@gigawatt/shared';

export interface ServerHealth {
  viewers: number;
  ticksSent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  racksAccepted: number;
  uptimeS: number;
  heapUsedBytes: number;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus text exposition of the server's own health and the fleet gauges. */
export function metricsText(
  h: ServerHealth,
  samples: readonly SiteSample[],
  idx: FleetIndex,
  now: number,
): string {
  const out: string[] = [];
  const metric = (name: string, type: string, help: string, rows: [string, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of rows) out.push(`${name}${labels} ${Number.isFinite(v) ? v : 'NaN'}`);
  };
  metric('gigawatt_viewers', 'gauge', 'Connected /live viewers.', [['', h.viewers]]);
  metric('gigawatt_ticks_sent_total', 'counter', 'Fleet ticks broadcast.', [['', h.ticksSent]]);
  metric('gigawatt_ingest_samples_total', 'counter', 'Samples received by outcome.', [
    ['{outcome="accepted"}', h.accepted],
    ['{outcome="duplicate"}', h.duplicates],
    ['{outcome="rejected"}', h.rejected],
  ]);
  metric('gigawatt_ingest_rack_blocks_total', 'counter', 'Rack blocks accepted.', [['', h.racksAccepted]]);
  metric('gigawatt_uptime_seconds', 'gauge', 'Seconds since the server started.', [['', h.uptimeS]]);
  metric('gigawatt_heap_used_bytes', 'gauge', 'V8 heap in use.', [['', h.heapUsedBytes]]);
  const site = (s: SiteSample) => `{site="${esc(s.site)}"}`;
  metric(
    'gigawatt_site_facility_power_mw',
    'gauge',
    'Facility power draw (MW).',
    samples.map((s) => [site(s), s.facilityPowerMw]),
  );
  metric(
    'gigawatt_site_it_power_mw',
    'gauge',
    'IT power draw (MW).',
    samples.map((s) => [site(s), s.itPowerMw]),
  );
  metric(
    'gigawatt_site_power_cap_mw',
    'gauge',
    'Facility power cap (MW).',
    samples.map((s) => [site(s), idx.site(s.site)?.powerCapMw ?? Number.NaN]),
  );
  metric(
    'gigawatt_site_pue',
    'gauge',
    'Power usage effectiveness.',
    samples.map((s) => [site(s), pue(s.facilityPowerMw, s.itPowerMw)]),
  );
  metric(
    'gigawatt_site_gpu_util_pct',
    'gauge',
    'Mean utilization of allocated GPUs (%).',
    samples.map((s) => [site(s), s.gpuUtilPct]),
  );
  const gpuRows: [string, number][] = [];
  for (const s of samples) {
    for (const state of ['rented', 'internal', 'idle', 'failed'] as const) {
      gpuRows.push([`{site="${esc(s.site)}",state="${state}"}`, s.gpus[state]]);
    }
  }
  metric('gigawatt_site_gpus', 'gauge', 'GPUs by state.', gpuRows);
  metric(
    'gigawatt_site_revenue_usd_per_hour',
    'gauge',
    'Rental revenue run-rate ($/h).',
    samples.map((s) => [site(s), siteRevenueUsdPerHour(s, idx)]),
  );
  metric(
    'gigawatt_site_sample_age_seconds',
    'gauge',
    'Age of the newest sample.',
    samples.map((s) => [site(s), (now - s.t) / 1000]),
  );
  return `${out.join('\n')}\n`;
}
