import { type FleetConfig, hallGpuCount, type SiteSample, type Tick } from '@gigawatt/shared';

/** A plausible tick for a fleet (used by tests): every hall at 80 % util, half its GPUs rented. */
export function makeTick(fleet: FleetConfig, seq: number, t: number, scale = 1): Tick {
  const sites: SiteSample[] = fleet.sites.map((s) => {
    const halls = s.halls.map((h) => {
      const total = hallGpuCount(fleet, h);
      const failed = Math.floor(total * 0.01);
      const idle = Math.floor(total * 0.09);
      const rented = Math.floor(total * 0.5);
      return {
        hall: h.id,
        itPowerMw: 10 * scale,
        gpus: { total, rented, internal: total - failed - idle - rented, idle, failed },
        gpuUtilPct: 80,
        inletTempC: 24,
      };
    });
    const gpus = halls.reduce(
      (a, h) => ({
        total: a.total + h.gpus.total,
        rented: a.rented + h.gpus.rented,
        internal: a.internal + h.gpus.internal,
        idle: a.idle + h.gpus.idle,
        failed: a.failed + h.gpus.failed,
      }),
      { total: 0, rented: 0, internal: 0, idle: 0, failed: 0 },
    );
    const it = halls.reduce((a, h) => a + h.itPowerMw, 0);
    return {
      site: s.id,
      t,
      seq,
      facilityPowerMw: it * 1.1,
      itPowerMw: it,
      gpus,
      gpuUtilPct: 80,
      inletTempC: 24,
      halls,
    };
  });
  return { t, seq, sites };
}
