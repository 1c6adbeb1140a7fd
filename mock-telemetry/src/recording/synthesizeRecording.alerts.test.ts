import { type AlertEvent, alertEventSchema } from '@gigawatt/shared';
import { openRecording } from '@gigawatt/shared/recording';
import { describe, expect, it } from 'vitest';
import { type SynthesizeOptions, synthesizeRecording } from './synthesizeRecording.ts';

const FROM = Date.UTC(2026, 6, 15, 14, 0, 0);
const MIN = 60_000;

/** Synthesizes into memory and returns the /alerts messages: their log time and event. */
async function alertsOf(options: SynthesizeOptions) {
  const parts: Uint8Array[] = [];
  await synthesizeRecording(options, { write: async (b) => parts.push(b) });
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  const rec = await openRecording(bytes);
  const out: { t: number; event: AlertEvent }[] = [];
  for await (const m of rec.readMessages({ topics: ['/alerts'] })) {
    if (m.kind === 'alert') out.push({ t: m.t, event: alertEventSchema.parse(m.event) });
  }
  return out;
}

describe('synthesizeRecording runs the alert rules over what it writes', () => {
  it('cooling failure: the hall’s hot racks raise a critical alert on /alerts, at its time', async () => {
    const start = FROM + 5 * MIN;
    const alerts = await alertsOf({
      from: FROM,
      durationMs: 40 * MIN,
      sites: ['ohio'],
      level: 'rack',
      rackHalls: [{ site: 'ohio', hall: 'h11' }],
      incidents: [{ kind: 'coolingFailure', site: 'ohio', hall: 'h11', start, durationMs: 45 * MIN }],
      seed: 7,
    });
    const inlet = alerts.filter((a) => a.event.alert.rule === 'rack-inlet-high');
    expect(inlet.length).toBeGreaterThan(0);
    const raised = inlet[0]!;
    expect(raised.event.kind).toBe('raised');
    expect(raised.event.alert).toMatchObject({ severity: 'critical', scope: { site: 'ohio', hall: 'h11' } });
    expect(raised.t).toBe(raised.event.alert.start);
    expect(raised.t).toBeGreaterThan(start);
    // Hotter racks later update it; none of its text ever tells of a lower value than the raise.
    for (const a of inlet) expect(a.event.alert.value).toBeGreaterThanOrEqual(a.event.alert.triggerValue!);
    expect(alerts.map((a) => a.t)).toEqual([...alerts.map((a) => a.t)].sort((x, y) => x - y));
  });

  it('the cooling-failure demo (a liquid-cooled hall): its hall raises the first warning or worse in Ohio', async () => {
    // As the e2e incident drill reads it: 50 minutes hold the failure's first 20.
    const alerts = await alertsOf({
      scenario: 'cooling-failure',
      from: FROM,
      durationMs: 50 * MIN,
      sites: ['ohio'],
      seed: 7,
    });
    const first = alerts.find(
      (a) =>
        a.event.kind === 'raised' && a.event.alert.severity !== 'info' && a.event.alert.scope.site === 'ohio',
    );
    // What the drill's player test looks for (the coolant rules may be first too: same hall, also °C).
    expect(first?.event.alert).toMatchObject({ severity: 'critical', scope: { site: 'ohio', hall: 'h10' } });
    expect(first!.event.alert.title).toMatch(/Ohio Hall 10.*°C/);
    expect(first!.t).toBeGreaterThan(FROM + 30 * MIN);
    // The air side still heats in a liquid-cooled hall: its racks' inlets pass 32 °C.
    const inlet = alerts.find((a) => a.event.kind === 'raised' && a.event.alert.rule === 'rack-inlet-high');
    expect(inlet?.event.alert.scope).toEqual({ site: 'ohio', hall: 'h10' });
  });

  it('job crash: a drop that outlasts any restart is raised as information and escalates to a warning', async () => {
    const alerts = await alertsOf({ scenario: 'job-crash', from: FROM, sites: ['texas'], seed: 3 });
    const h1 = alerts.filter(
      (a) => a.event.alert.rule === 'util-drop-hall' && a.event.alert.scope.hall === 'h1',
    );
    const crashStart = FROM + 20 * MIN;
    const during = h1.filter((a) => a.t >= crashStart && a.t < crashStart + 15 * MIN);
    expect(during[0]?.event).toMatchObject({ kind: 'raised', alert: { severity: 'info' } });
    expect(
      during.some((a) => a.event.alert.severity === 'warning' && a.event.alert.escalatedAt !== undefined),
    ).toBe(true);
  });

  it('writes no alerts with no rules', async () => {
    const alerts = await alertsOf({ scenario: 'job-crash', from: FROM, sites: ['texas'], alertRules: [] });
    expect(alerts).toEqual([]);
  });
});
