import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRackBlock, type RackBlock } from '@gigawatt/shared';
import {
  annotationSchema,
  bytesReadable,
  openRecording,
  recordingInfoSchema,
} from '@gigawatt/shared/recording';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGigawattServer, type GigawattServer } from '../createGigawattServer.ts';
import { makeSample, TEST_OPERATOR_TOKEN, testConfig } from '../testing/fixtures.ts';

let server: GigawattServer;
let dataDir: string;
const base = Math.floor(Date.now() / 1000) - 300;
const op = { authorization: `Bearer ${TEST_OPERATOR_TOKEN}`, 'content-type': 'application/json' };

function racks(t: number): RackBlock {
  const n = 833;
  return {
    site: 'ohio',
    hall: 'h11',
    t,
    powerKw: Float32Array.from({ length: n }, (_, i) => 20 + (i % 7)),
    utilPct: new Float32Array(n).fill(75),
    inletTempC: new Float32Array(n).fill(24.5),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gigawatt-rec-'));
  server = await createGigawattServer(testConfig({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dataDir }));
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('recordings API', () => {
  let id = '';
  it('refuses capture control without the operator token, and bad requests', async () => {
    const anon = await fetch(`${server.url}/api/recordings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', level: 'rack' }),
    });
    expect(anon.status).toBe(403);
    const bad = await fetch(`${server.url}/api/recordings`, {
      method: 'POST',
      headers: op,
      body: JSON.stringify({ level: 'galaxy' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/name|level/);
  });

  it('captures rack level for a hall, stops, lists, and serves the file with ranges', async () => {
    const res = await fetch(`${server.url}/api/recordings`, {
      method: 'POST',
      headers: op,
      body: JSON.stringify({
        name: '../../etc/passwd incident',
        level: 'rack',
        halls: [{ site: 'ohio', hall: 'h11' }],
      }),
    });
    expect(res.status).toBe(201);
    const created = recordingInfoSchema.parse(((await res.json()) as { recording: unknown }).recording);
    id = created.id;
    expect(id).toMatch(/^cap-/);
    for (let s = 0; s < 5; s++) {
      for (const site of ['ohio', 'texas'])
        expect(server.ingest.sample(makeSample(site, (base + s) * 1000))).toMatchObject({ ok: true });
      expect(server.ingest.racks(encodeRackBlock(racks((base + s) * 1000)))).toMatchObject({ ok: true });
    }
    // Still being written: served up to its last flushed chunk (recordingSnapshot.integration.test.ts).
    await server.recorder!.flush();
    expect((await fetch(`${server.url}/api/recordings/${id}/file`)).status).toBe(200);
    const stop = await fetch(`${server.url}/api/recordings/${id}/stop`, { method: 'POST', headers: op });
    expect(stop.status).toBe(200);
    const list = (await (await fetch(`${server.url}/api/recordings`)).json()) as {
      recordings: { id: string; name: string }[];
    };
    expect(list.recordings.find((r) => r.id === id)?.name).toBe('../../etc/passwd incident');
    // Nothing outside the data folder, and the file is named by id only.
    const files = readdirSync(join(dataDir, 'recordings'));
    expect(files.some((f) => f.startsWith(id) && f.endsWith('.mcap'))).toBe(true);
    expect(files.every((f) => !f.includes('passwd'))).toBe(true);

    const full = new Uint8Array(await (await fetch(`${server.url}/api/recordings/${id}/file`)).arrayBuffer());
    const part = await fetch(`${server.url}/api/recordings/${id}/file`, { headers: { range: 'bytes=0-7' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-7/${full.byteLength}`);
    expect(Array.from(new Uint8Array(await part.arrayBuffer()))).toEqual(Array.from(full.slice(0, 8)));
    const beyond = await fetch(`${server.url}/api/recordings/${id}/file`, {
      headers: { range: `bytes=${full.byteLength + 10}-` },
    });
    expect(beyond.status).toBe(416);

    const rec = await openRecording(bytesReadable(full));
    const kinds = new Map<string, number>();
    for await (const m of rec.readMessages()) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
    // The capture's scope is Ohio Hall 11: Ohio's samples and that hall's racks, not Texas.
    expect(kinds.get('site')).toBe(5);
    expect(kinds.get('racks')).toBe(5);
  });

  it('exports a window as CSV at site, hall and rack level with units in the header', async () => {
    const site = await (await fetch(`${server.url}/api/recordings/${id}/export.csv?level=site`)).text();
    const lines = site.trim().split('\n');
    expect(lines[0]).toMatch(/^time,site,facilityPowerMw \(MW\)/);
    expect(lines).toHaveLength(1 + 5);
    const windowed = await (
      await fetch(
        `${server.url}/api/recordings/${id}/export.csv?level=hall&from=${(base + 1) * 1000}&to=${(base + 2) * 1000}`,
      )
    ).text();
    // 2 seconds × 13 Ohio halls
    expect(windowed.trim().split('\n')).toHaveLength(1 + 2 * 13);
    const rack = await (await fetch(`${server.url}/api/recordings/${id}/export.csv?level=rack`)).text();
    // RFC 4180 line breaks (the shared CSV writer's rule).
    expect(rack.endsWith('\r\n')).toBe(true);
    const rows = rack.trim().split('\r\n');
    expect(rows[0]).toBe('time,site,hall,rack,powerKw (kW),utilPct (%),inletTempC (°C),coolantReturnC (°C)');
    expect(rows).toHaveLength(1 + 5 * 833);
    // Ohio Hall 11 is air-cooled (H100): its coolant cell is empty, not 0 or NaN.
    expect(rows[1]).toMatch(/^\d{4}-\d\d-\d\dT.*Z,ohio,h11,1,20,75,24.5,$/);
    const bad = await fetch(`${server.url}/api/recordings/${id}/export.csv?level=planet`);
    expect(bad.status).toBe(400);
  });

  it('writes annotations into the recording (operator only)', async () => {
    const anon = await fetch(`${server.url}/api/recordings/${id}/annotations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ t: base * 1000, text: 'x', author: 'y' }),
    });
    expect(anon.status).toBe(403);
    const res = await fetch(`${server.url}/api/recordings/${id}/annotations`, {
      method: 'POST',
      headers: op,
      body: JSON.stringify({
        t: new Date((base + 1) * 1000).toISOString(),
        end: (base + 3) * 1000,
        text: 'Pump 2 tripped',
        author: 'Eve',
      }),
    });
    expect(res.status).toBe(201);
    const full = new Uint8Array(await (await fetch(`${server.url}/api/recordings/${id}/file`)).arrayBuffer());
    const rec = await openRecording(bytesReadable(full));
    const notes = [];
    for await (const m of rec.readMessages()) if (m.kind === 'annotation') notes.push(m.annotation);
    expect(notes).toMatchObject([
      { text: 'Pump 2 tripped', author: 'Eve', t: (base + 1) * 1000, end: (base + 3) * 1000 },
    ]);
  });

  it('lists a recording’s annotations sorted by t: finished (from the file) and running (not yet flushed)', async () => {
    const annotate = (target: string, t: number, text: string) =>
      fetch(`${server.url}/api/recordings/${target}/annotations`, {
        method: 'POST',
        headers: op,
        body: JSON.stringify({ t, text, author: 'Eve' }),
      });
    // Added out of order: the list comes back by t.
    expect((await annotate(id, (base + 4) * 1000, 'Back to normal')).status).toBe(201);
    expect((await annotate(id, base * 1000, 'Before the trip')).status).toBe(201);
    const done = await fetch(`${server.url}/api/recordings/${id}/annotations`);
    expect(done.status).toBe(200);
    const { annotations } = (await done.json()) as { annotations: unknown[] };
    const parsed = annotations.map((a) => annotationSchema.parse(a));
    expect(parsed.map((a) => [a.t, a.text])).toEqual([
      [base * 1000, 'Before the trip'],
      [(base + 1) * 1000, 'Pump 2 tripped'],
      [(base + 4) * 1000, 'Back to normal'],
    ]);

    // A running capture: its file has no index yet, and the note is not even flushed.
    const started = await fetch(`${server.url}/api/recordings`, {
      method: 'POST',
      headers: op,
      body: JSON.stringify({ name: 'running', level: 'site', sites: ['ohio'] }),
    });
    const running = recordingInfoSchema.parse(((await started.json()) as { recording: unknown }).recording);
    // A running recording reaches to now; before its start it has nothing a note could be about.
    expect((await annotate(running.id, running.start - 60_000, 'Before it began')).status).toBe(400);
    expect((await annotate(running.id, running.start, 'Still going')).status).toBe(201);
    const live = (await (await fetch(`${server.url}/api/recordings/${running.id}/annotations`)).json()) as {
      annotations: { text: string }[];
    };
    expect(live.annotations.map((a) => a.text)).toEqual(['Still going']);
    await fetch(`${server.url}/api/recordings/${running.id}/stop`, { method: 'POST', headers: op });
    const after = (await (await fetch(`${server.url}/api/recordings/${running.id}/annotations`)).json()) as {
      annotations: { text: string }[];
    };
    expect(after.annotations.map((a) => a.text)).toEqual(['Still going']);

    const unknown = await fetch(`${server.url}/api/recordings/cap-20260101T000000Z-00000000/annotations`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/no recording/);
    for (const bad of ['..%2F..%2Fetc', 'cap-2026', 'current']) {
      const res = await fetch(`${server.url}/api/recordings/${bad}/annotations`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('answers hostile annotation input with 400 and a message that names the problem', async () => {
    const t = (base + 1) * 1000;
    const post = (body: string, headers: Record<string, string> = op, target = id) =>
      fetch(`${server.url}/api/recordings/${target}/annotations`, { method: 'POST', headers, body });
    const cases: [string, string, RegExp][] = [
      [
        't before 2000',
        JSON.stringify({ t: 1, text: 'x', author: 'a' }),
        /^t must be a time from 2000-01-01T00:00:00.000Z to 2100-01-01T00:00:00.000Z \(given 1\)$/,
      ],
      [
        't after 2100',
        JSON.stringify({ t: 1e20, text: 'x', author: 'a' }),
        /^t must be a time from 2000-01-01.* \(given 100000000000000000000\)$/,
      ],
      ['negative t', JSON.stringify({ t: -5, text: 'x', author: 'a' }), /^t must be a time from 2000-01-01/],
      ['t that overflows to Infinity', '{"t":1e400,"text":"x","author":"a"}', /^t: /],
      [
        // The shared parseInstant refuses a count no Date can hold, as the client's links always did.
        't out of range as text',
        JSON.stringify({ t: '99999999999999999999', text: 'x', author: 'a' }),
        /^t must be ms since epoch or an RFC 3339 time/,
      ],
      [
        't as nonsense text',
        JSON.stringify({ t: 'yesterday', text: 'x', author: 'a' }),
        /^t must be ms since epoch or an RFC 3339 time \(given "yesterday"\)$/,
      ],
      [
        'an impossible date',
        JSON.stringify({ t: '2026-13-45T99:00:00Z', text: 'x', author: 'a' }),
        /RFC 3339/,
      ],
      [
        't of the wrong type',
        JSON.stringify({ t: true, text: 'x', author: 'a' }),
        /^t: must be ms since epoch or an RFC 3339 time/,
      ],
      ['t missing', JSON.stringify({ text: 'x', author: 'a' }), /^t: is required/],
      ['t null', JSON.stringify({ t: null, text: 'x', author: 'a' }), /^t: must be ms since epoch/],
      [
        'end before t',
        JSON.stringify({ t, end: t - 1000, text: 'x', author: 'a' }),
        /end must not be before t/,
      ],
      [
        'end out of range',
        JSON.stringify({ t, end: 9e15, text: 'x', author: 'a' }),
        /^end must be a time from 2000-01-01/,
      ],
      [
        't before the recording',
        JSON.stringify({ t: (base - 60) * 1000, text: 'x', author: 'a' }),
        /outside recording cap-.*which covers/,
      ],
      [
        't after the recording',
        JSON.stringify({ t: (base + 3600) * 1000, text: 'x', author: 'a' }),
        /outside recording/,
      ],
      [
        'a span past the recording',
        JSON.stringify({ t, end: (base + 3600) * 1000, text: 'x', author: 'a' }),
        /the span .* is outside recording/,
      ],
      ['empty text', JSON.stringify({ t, text: '   ', author: 'a' }), /^text: must not be empty$/],
      [
        'oversize text',
        JSON.stringify({ t, text: 'x'.repeat(2001), author: 'a' }),
        /^text: must be at most 2000 characters$/,
      ],
      ['text of the wrong type', JSON.stringify({ t, text: 42, author: 'a' }), /^text: must be text$/],
      ['no author', JSON.stringify({ t, text: 'x' }), /^author: is required$/],
      [
        'oversize author',
        JSON.stringify({ t, text: 'x', author: 'a'.repeat(81) }),
        /^author: must be at most 80 characters$/,
      ],
      ['an array', JSON.stringify([{ t, text: 'x', author: 'a' }]), /the body must be a JSON object/],
      ['a JSON string', JSON.stringify('hello'), /^the annotation must be a JSON object/],
      ['null', 'null', /^the annotation must be a JSON object/],
      ['broken JSON', '{"t": ', /^the annotation must be a JSON object/],
    ];
    for (const [what, body, message] of cases) {
      const res = await post(body);
      expect(res.status, what).toBe(400);
      expect(((await res.json()) as { error: string }).error, what).toMatch(message);
    }
    const asText = await post(JSON.stringify({ t, text: 'x', author: 'a' }), {
      ...op,
      'content-type': 'text/plain',
    });
    expect(asText.status).toBe(400);
    expect(((await asText.json()) as { error: string }).error).toMatch(/send the annotation as JSON/);
    const huge = await post(JSON.stringify({ t, text: 'x'.repeat(20_000), author: 'a' }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toBe(
      'the annotation is larger than its limit of 16 KiB',
    );
    // 'current' with a t no recording covers.
    const current = await post(
      JSON.stringify({ t: Date.UTC(2001, 0, 1), text: 'x', author: 'a' }),
      op,
      'current',
    );
    expect(current.status).toBe(400);
    expect(((await current.json()) as { error: string }).error).toMatch(
      /2001-01-01T00:00:00.000Z is outside recording/,
    );
    // Nothing above reached the file.
    const notes = (await (await fetch(`${server.url}/api/recordings/${id}/annotations`)).json()) as {
      annotations: unknown[];
    };
    expect(notes.annotations).toHaveLength(3);
  });

  it('never answers an annotation with 500, whatever the body (property)', async () => {
    const time = fc.oneof(
      fc.integer({ min: -1e16, max: 1e16 }),
      fc.double(),
      fc.integer({ min: (base - 10) * 1000, max: (base + 10) * 1000 }),
      fc.string({ maxLength: 40 }),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom(null, true, [], {}, '1e400', 'NaN', '-0', '2026-06-01T12:00:00+25:00'),
    );
    const text = fc.oneof(
      fc.string({ maxLength: 2100 }),
      fc.constantFrom(null, 7, '', '\u0000', ' '.repeat(5)),
    );
    const body = fc.oneof(
      { weight: 4, arbitrary: fc.record({ t: time, end: time, text, author: text }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.jsonValue() },
    );
    let written = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(id, 'current'), async (b, target) => {
        const res = await fetch(`${server.url}/api/recordings/${target}/annotations`, {
          method: 'POST',
          headers: op,
          body: JSON.stringify(b),
        });
        expect([201, 400, 413]).toContain(res.status);
        const answer = (await res.json()) as { error?: string };
        if (res.status === 201) written += target === id ? 1 : 0;
        else expect(answer.error?.length ?? 0).toBeGreaterThan(5);
      }),
      { seed: 20_260_603, numRuns: 150 },
    );
    const notes = (await (await fetch(`${server.url}/api/recordings/${id}/annotations`)).json()) as {
      annotations: unknown[];
    };
    expect(notes.annotations).toHaveLength(3 + written);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers bad export and id input with 400, never 500', async () => {
    for (const query of [
      'level=planet',
      'level=site&level=hall',
      'from=yesterday',
      'from=1&from=2',
      `to=${'9'.repeat(400)}`,
      'from=2026-13-45T00:00:00Z',
      `from=${(base + 3) * 1000}&to=${(base + 1) * 1000}`,
      // More digits than any Date holds: not a time (shared parseInstant), where it used to be an empty window.
      'from=99999999999999999999',
    ]) {
      const res = await fetch(`${server.url}/api/recordings/${id}/export.csv?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error, query).toMatch(/level|from|to/);
    }
    // Far outside the recording, or before 1970: an empty window, not an error.
    for (const query of ['from=8640000000000000', 'to=-5', 'from=0&to=1']) {
      const res = await fetch(`${server.url}/api/recordings/${id}/export.csv?${query}`);
      expect(res.status, query).toBe(200);
      expect((await res.text()).trim().split('\n'), query).toHaveLength(1);
    }
    for (const bad of ['..%2F..%2Fetc', 'cap-2026', 'imp-20260101T000000Z-0000000g', 'x'.repeat(5000)]) {
      for (const [method, path] of [
        ['GET', 'export.csv'],
        ['GET', 'annotations'],
        ['GET', 'file'],
        ['POST', 'stop'],
        ['POST', 'annotations'],
      ] as const) {
        const res = await fetch(`${server.url}/api/recordings/${bad}/${path}`, {
          method,
          headers: op,
          ...(method === 'POST' ? { body: JSON.stringify({ t: base * 1000, text: 'x', author: 'a' }) } : {}),
        });
        expect([400, 404], `${method} ${bad}/${path}`).toContain(res.status);
      }
      const del = await fetch(`${server.url}/api/recordings/${bad}`, { method: 'DELETE', headers: op });
      expect([400, 404]).toContain(del.status);
    }
  });

  it('annotations need the viewer token where one is set, like the other reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gigawatt-rec-viewer-'));
    const locked = await createGigawattServer(
      testConfig({ GIGAWATT_RECORD: 'on', GIGAWATT_DATA_DIR: dir, GIGAWATT_VIEWER_TOKEN: 'viewer-secret-1' }),
    );
    try {
      const path = `${locked.url}/api/recordings/cap-20260101T000000Z-00000000/annotations`;
      expect((await fetch(path)).status).toBe(401);
      expect((await fetch(path, { headers: { authorization: 'Bearer wrong-token-1' } })).status).toBe(403);
      // Past the gate, the id is simply unknown.
      expect((await fetch(`${path}?token=viewer-secret-1`)).status).toBe(404);
    } finally {
      await locked.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['../../etc/passwd', 400],
    ['cap-20260101T000000Z-zzzzzzzz', 400],
    ['cap-20260101T000000Z-00000000', 404],
    ['%2e%2e%2f%2e%2e%2fetc%2fpasswd', 400],
  ])('GET /api/recordings/%s/file → %i', async (bad, status) => {
    const res = await fetch(`${server.url}/api/recordings/${bad}/file`);
    expect([status, 404]).toContain(res.status);
    if (res.headers.get('content-type')?.includes('json'))
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
  });

  it('deletes a recording (operator only)', async () => {
    expect((await fetch(`${server.url}/api/recordings/${id}`, { method: 'DELETE' })).status).toBe(403);
    expect(
      (await fetch(`${server.url}/api/recordings/${id}`, { method: 'DELETE', headers: op })).status,
    ).toBe(204);
    expect((await fetch(`${server.url}/api/recordings/${id}/file`)).status).toBe(404);
    expect(existsSync(join(dataDir, 'recordings', `${id}.mcap`))).toBe(false);
  });
});
