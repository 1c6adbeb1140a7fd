import { defaultFleet, siteSampleSchema } from '@gigawatt/shared';
import { openRecording, type ReadMessagesOptions, type RecordedMessage } from '@gigawatt/shared/recording';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../model/createSimulator.ts';
import { planSynthesis, type SynthesizeOptions, synthesizeRecording } from './synthesizeRecording.ts';

const FROM = Date.UTC(2026, 6, 15, 14, 0, 0);
const MIN = 60_000;

/** Synthesizes into memory and opens the file; reads back only the messages a test asks for. */
async function synthesize(options: SynthesizeOptions, read: ReadMessagesOptions = {}) {
  const parts: Uint8Array[] = [];
  const result = await synthesizeRecording(options, { write: async (b) => parts.push(b) });
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  expect(bytes.byteLength).toBe(result.bytes);
  const rec = await openRecording(bytes);
  const messages: RecordedMessage[] = [];
  for await (const m of rec.readMessages(read)) messages.push(m);
  return { result, rec, messages };
}

describe('synthesizeRecording', () => {
  it('writes an indexed recording that openRecording reads back: topics, counts, span, metadata, incident', async () => {
    const incidents = [
      { kind: 'coolingFailure' as const, site: 'ohio', hall: 'h11', start: FROM + MIN, durationMs: 30 * MIN },
    ];
    const { result, rec, messages } = await synthesize(
      {
        from: FROM + 400,
        durationMs: 6 * MIN,
        sites: ['texas', 'ohio'],
        level: 'rack',
        rackHalls: [{ site: 'ohio', hall: 'h11' }],
        incidents,
        seed: 5,
        name: 'six minutes',
        created: FROM,
      },
      { topics: ['/site/texas', '/annotations'] },
    );
    expect(rec.metadata).toEqual({
      name: 'six minutes',
      level: 'rack',
      sites: ['texas', 'ohio'],
      halls: [{ site: 'ohio', hall: 'h11' }],
      created: FROM,
      source: 'mock-telemetry synthesize 2 sites',
      fleet: expect.anything(),
    });
    // The fleet of the recorded sites travels with the file: their config, and only the GPU models they use.
    const fleet = rec.metadata!.fleet!;
    expect(fleet.sites.map((s) => s.id)).toEqual(['ohio', 'texas']);
    expect(fleet.sites[0]).toEqual(defaultFleet.sites.find((s) => s.id === 'ohio'));
    const models = new Set(fleet.sites.flatMap((s) => s.halls.map((h) => h.gpuModel)));
    expect(fleet.gpuModels.map((m) => m.id).sort()).toEqual([...models].sort());
    expect(rec.startTime).toBe(FROM);
    expect(rec.endTime).toBe(FROM + 6 * MIN - 1000);
    // The alert rules ran over the data: the hot racks raised (and updated) an alert on /alerts.
    const alerts = rec.topics.find((t) => t.topic === '/alerts')?.messageCount ?? 0;
    expect(alerts).toBeGreaterThan(0);
    expect(rec.topics.map((t) => [t.topic, t.messageCount])).toEqual([
      ['/alerts', alerts],
      ['/annotations', 1],
      ['/racks/ohio/h11', 360],
      ['/site/ohio', 360],
      ['/site/texas', 360],
    ]);
    expect(result.messages).toBe(1081 + alerts);
    expect(rec.chunkCount).toBeGreaterThan(1);
    // The samples are the simulator's, unchanged.
    const sim = createSimulator({ seed: 5, incidents });
    const texas = messages.filter((m) => m.kind === 'site');
    expect(texas.map((m) => m.t)).toEqual(Array.from({ length: 360 }, (_, i) => FROM + i * 1000));
    for (const m of texas.slice(0, 5)) {
      if (m.kind === 'site') expect(m.sample).toEqual(sim.sampleSite('texas', m.t));
    }
    expect(messages.find((m) => m.kind === 'annotation')).toMatchObject({
      t: FROM + MIN,
      annotation: { text: 'Cooling failure in Ohio Hall 11 (scenario)', end: FROM + 31 * MIN },
    });
    // Rack values at 0.1 precision; the failing cooling shows: inlets past 32 °C four minutes in.
    const racksAt = async (t: number) => {
      for await (const m of rec.readMessages({ from: t, to: t, topics: ['/racks/ohio/h11'] })) {
        if (m.kind === 'racks') return m.block;
      }
      throw new Error(`no rack block at ${t}`);
    };
    const first = await racksAt(FROM);
    const expected = sim.racks('ohio', 'h11', FROM);
    expect(first.powerKw.length).toBe(833);
    for (let i = 0; i < 833; i += 50) expect(first.powerKw[i]).toBeCloseTo(expected.powerKw[i]!, 1);
    const hot = (temps: Float32Array) => temps.filter((c) => c >= 32).length;
    expect(hot(first.inletTempC)).toBe(0);
    expect(hot((await racksAt(FROM + 6 * MIN - 1000)).inletTempC)).toBeGreaterThan(10);
  });

  it('carries the coolant loop: liquid halls’ coolant in the site samples and their racks’ return column', async () => {
    const incidents = [
      { kind: 'coolingFailure' as const, site: 'ohio', hall: 'h10', start: FROM + MIN, durationMs: 30 * MIN },
    ];
    const { messages } = await synthesize({
      from: FROM,
      durationMs: 3 * MIN,
      sites: ['ohio'],
      level: 'rack',
      rackHalls: [
        { site: 'ohio', hall: 'h10' },
        { site: 'ohio', hall: 'h11' },
      ],
      incidents,
      seed: 5,
      created: FROM,
    });
    const sim = createSimulator({ seed: 5, incidents });
    const sites = messages.filter((m) => m.kind === 'site');
    const racks = messages.filter((m) => m.kind === 'racks');
    expect(sites).toHaveLength(180);
    for (const m of sites.filter((_, i) => i % 30 === 0)) {
      if (m.kind !== 'site') continue;
      // Exactly the simulator's samples, coolant included (GB200 halls have it, H100 halls not).
      expect(m.sample).toEqual(sim.sampleSite('ohio', m.t));
      expect(m.sample.halls.find((h) => h.hall === 'h10')!.coolant).toBeDefined();
      expect(m.sample.halls.find((h) => h.hall === 'h11')!.coolant).toBeUndefined();
    }
    for (const m of racks.filter((_, i) => i % 37 === 0)) {
      if (m.kind !== 'racks') continue;
      const expected = sim.racks('ohio', m.block.hall, m.t);
      if (m.block.hall === 'h11') {
        expect(m.block.coolantReturnC).toBeUndefined();
        continue;
      }
      const back = m.block.coolantReturnC!;
      expect(back).toHaveLength(377);
      // At 0.1 °C, what manifold sensors report.
      for (let i = 0; i < back.length; i += 13)
        expect(Math.abs(back[i]! - expected.coolantReturnC![i]!)).toBeLessThan(0.0501);
    }
  });

  it('writes samples without halls at site level', async () => {
    const { rec, messages } = await synthesize({
      from: FROM,
      durationMs: 5000,
      level: 'site',
      created: FROM,
    });
    expect(rec.topics.map((t) => t.topic)).toEqual([
      '/site/louisiana',
      '/site/missouri',
      '/site/ohio',
      '/site/texas',
    ]);
    for (const m of messages) {
      if (m.kind !== 'site') throw new Error(`unexpected ${m.kind}`);
      expect(m.sample.halls).toEqual([]);
      expect(siteSampleSchema.safeParse(m.sample).success).toBe(true);
    }
  });

  it('job-crash: the crash shows in the data and is annotated at its start', async () => {
    const { rec, messages } = await synthesize(
      // Hall level: the scenario's rack blocks of 22 minutes would only slow the test down.
      {
        scenario: 'job-crash',
        from: FROM,
        durationMs: 22 * MIN,
        sites: ['texas'],
        level: 'hall',
        created: FROM,
      },
      { topics: ['/site/texas', '/annotations'], from: FROM + 19 * MIN },
    );
    expect(rec.metadata).toMatchObject({
      name: 'Training job crash in Texas Hall 1 (scenario)',
      level: 'hall',
    });
    // The crash held past the rule's 90 s: its alert is in the file too.
    expect(rec.topics.map((t) => t.topic)).toEqual(['/alerts', '/annotations', '/site/texas']);
    const notes = messages.filter((m) => m.kind === 'annotation');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      t: FROM + 20 * MIN,
      annotation: { text: 'Training job crash in Texas Hall 1 (scenario)', end: FROM + 32 * MIN },
    });
    const util = new Map<number, number>();
    for (const m of messages) if (m.kind === 'site') util.set(m.t, m.sample.halls[0]!.gpuUtilPct);
    let peak = 0;
    for (let t = FROM + 19 * MIN; t < FROM + 20 * MIN; t += 1000) peak = Math.max(peak, util.get(t)!);
    expect(peak - util.get(FROM + 20 * MIN + 60_000)!).toBeGreaterThanOrEqual(40);
  });

  it('plans the scenarios: length, incidents, level, rack halls, name', () => {
    const cooling = planSynthesis({ scenario: 'cooling-failure', from: FROM, created: FROM });
    expect(cooling).toMatchObject({
      seconds: 7200,
      level: 'rack',
      rackHalls: [{ site: 'ohio', hall: 'h10' }],
      sites: ['louisiana', 'ohio', 'texas', 'missouri'],
      incidents: [{ kind: 'coolingFailure', site: 'ohio', hall: 'h10', start: FROM + 30 * MIN }],
      annotations: [{ t: FROM + 30 * MIN, text: 'Cooling failure in Ohio Hall 10 (scenario)' }],
    });
    expect(cooling.metadata.halls).toEqual([{ site: 'ohio', hall: 'h10' }]);
    // The demo's hall is liquid-cooled, so it shows the coolant loop fail as well as the air inlets.
    const ohio = defaultFleet.sites.find((s) => s.id === 'ohio')!;
    const model = ohio.halls.find((h) => h.id === 'h10')!.gpuModel;
    expect(defaultFleet.gpuModels.find((m) => m.id === model)?.cooling).toBe('liquid');
    expect(planSynthesis({ scenario: 'normal-day', from: FROM })).toMatchObject({
      seconds: 86_400,
      level: 'hall',
      incidents: [],
      annotations: [],
      name: 'Normal day (synthesized)',
    });
    // Explicit options win; an incident outside the recording is simulated but not annotated.
    const short = planSynthesis({ scenario: 'job-crash', from: FROM, durationMs: 10 * MIN, level: 'hall' });
    expect(short).toMatchObject({ seconds: 600, level: 'hall', rackHalls: [], annotations: [] });
    expect(short.incidents).toHaveLength(1);
    expect(planSynthesis({ from: FROM, level: 'rack', sites: ['louisiana'] }).rackHalls).toHaveLength(8);
    const surge = planSynthesis({
      from: FROM,
      durationMs: 10 * MIN,
      incidents: [{ kind: 'powerSurge', site: 'texas', start: FROM + MIN, durationMs: MIN, pctOfCap: 96 }],
    });
    expect(surge.annotations.map((a) => a.text)).toEqual(['Power surge at Texas (96 % of cap) (scenario)']);
  });

  it('refuses unknown sites and halls with clear errors', () => {
    expect(() => planSynthesis({ from: FROM, sites: ['atlantis'] })).toThrow(/unknown site atlantis/);
    expect(() =>
      planSynthesis({ from: FROM, level: 'rack', rackHalls: [{ site: 'ohio', hall: 'h99' }] }),
    ).toThrow(/unknown hall "ohio\/h99"/);
    expect(() =>
      planSynthesis({
        from: FROM,
        level: 'rack',
        sites: ['texas'],
        rackHalls: [{ site: 'ohio', hall: 'h1' }],
      }),
    ).toThrow(/outside the recorded sites/);
    expect(() => planSynthesis({ from: FROM, durationMs: 10 })).toThrow(/at least 1 s/);
  });

  it('yields to the event loop while it works and stops when aborted', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const controller = new AbortController();
    const run = synthesizeRecording(
      {
        from: FROM,
        durationMs: 3_600_000,
        signal: controller.signal,
        onProgress: ({ seconds }) => {
          if (seconds > 300) controller.abort();
        },
      },
      { write: async () => {} },
    );
    await expect(run).rejects.toThrow(/aborted/);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
