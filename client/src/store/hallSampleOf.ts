import type { HallSample, SiteSample } from '@gigawatt/shared';

const hallsBySample = new WeakMap<SiteSample, Map<string, HallSample>>();

/** A hall's sample in a site sample, by id (indexed once per sample, not searched per cell). */
export function hallSampleOf(sample: SiteSample | undefined, hallId: string): HallSample | undefined {
  if (!sample) return undefined;
  let byId = hallsBySample.get(sample);
  if (!byId) {
    byId = new Map(sample.halls.map((h) => [h.hall, h]));
    hallsBySample.set(sample, byId);
  }
  return byId.get(hallId);
}
