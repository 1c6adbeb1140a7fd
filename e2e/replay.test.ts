import './debugWindow.ts';
import { readFile } from 'node:fs/promises';
import {
  channelSchema,
  loadChunkCompressor,
  McapChunkedWriter,
  openRecording,
} from '@gigawatt/shared/recording';
import { concat, T0, testSample } from '@gigawatt/shared/recording/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, recordingSuite } from './browserSuite.ts';
import { chartsFilled } from './chartData.ts';
import { openPage, screenshot, statusText, tolerate } from './harness.ts';
import { type ReplayFixture, writeReplayFixture } from './replayFixture.ts';

const OPERATOR = 'e2e-operator-token';

const iso = (t: number) => `${new Date(t).toISOString().slice(0, 19)}Z`;

/** The playhead the player shows (ms), from its <time data-t>. */
async function playhead(page: Page): Promise<number> {
  return Number(await page.locator('.player-time').getAttribute('data-t'));
}

async function texasPower(page: Page): Promise<{ text: string; value: number }> {
  const el = page
    .getByRole('region', { name: 'Texas', exact: true })
    .locator('[data-metric="facilityPowerMw"]')
    .first();
  return {
    text: ((await el.textContent()) ?? '').trim(),
    value: Number(await el.getAttribute('data-value')),
  };
}

/** Where the file says Texas was at second t: the figure the page must show. */
async function texasInFile(path: string, t: number): Promise<number> {
  const rec = await openRecording(new Uint8Array(await readFile(path)));
  for await (const m of rec.readMessages({ from: t, to: t, topics: ['/site/texas'] })) {
    if (m.kind === 'site' && m.sample.t === t) return m.sample.facilityPowerMw;
  }
  throw new Error(`no Texas sample at ${iso(t)} in the file`);
}

/** A Gigawatt-looking file whose second chunk is in a compression no Gigawatt reader decodes. */
async function foreignCodecFile(): Promise<Uint8Array> {
  const zstd = (await loadChunkCompressor('zstd'))!;
  const parts: Uint8Array[] = [];
  let n = 0;
  const w = new McapChunkedWriter({
    sink: { write: async (b) => parts.push(b) },
    compression: (data) => (++n === 2 ? { compression: 'brotli', compressedData: data } : zstd(data)),
  });
  const schemaId = w.addSchema(channelSchema('site'));
  const channel = w.addChannel({
    schemaId,
    topic: '/site/ohio',
    messageEncoding: 'json',
    metadata: new Map(),
  });
  for (let i = 0; i < 3; i++) {
    const t = T0 + i * 1000;
    w.addMessage(channel, BigInt(t) * 1_000_000n, Buffer.from(JSON.stringify(testSample('ohio', t, i))));
    await w.flush();
  }
  await w.end();
  return concat(parts);
}

const mw = (x: number) =>
  `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x)} MW`;

// Skipped only off CI when Chromium is missing (describeInBrowser); under CI=true it throws instead.
describeInBrowser('/replay: recordings played in the browser', () => {
  let spare: ReplayFixture;
  const suite = recordingSuite('replay', async (dataDir) => {
    // A second recording, a day older than the suite's, for an operator to delete.
    spare = await writeReplayFixture(dataDir, Date.now() - 27 * 3600_000);
  });
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ context, page, errors } = await openPage(suite.browser, { width: 1600, height: 1000 }));
  });
  // A failure leaves a picture of the page behind (the steps share one page).
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      await screenshot(page, `replay-failed-${ctx.task.name.replace(/\W+/g, '-').slice(0, 40)}`).catch(
        () => {},
      );
      console.log(`[replay test] failed at ${page.url()}; page errors: ${JSON.stringify(errors)}`);
    }
  });
  afterAll(async () => {
    await context?.close();
  });

  it('lists the recording and opens it: REPLAY, the playhead in the URL', async () => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    const zstdDecoderLoaded = () => scripts.some((p) => /\/fzstdDecoder-[\w-]+\.js$/.test(p));
    await page.goto(`${suite.server.url}/`);
    await expect.poll(() => statusText(page), { timeout: 20_000 }).toBe('LIVE');
    await page.getByRole('link', { name: 'Replay', exact: true }).click();
    const row = page.locator(`[data-recording="${suite.fx.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('.rt-title').textContent()).toBe(suite.fx.name);
    expect(await row.textContent()).toMatch(/19 min 59 s/);
    // Its size (20 minutes of the fleet: under a megabyte in zstd).
    expect(await row.textContent()).toMatch(/\d (kB|MB)/);
    // The span's exact ends are one hover away.
    expect(await row.locator('time').getAttribute('title')).toContain(new Date(suite.fx.start).toISOString());
    // The live dashboard and the list never load the zstd decoder; the player does (the file is zstd).
    expect(zstdDecoderLoaded()).toBe(false);
    await row.getByRole('link', { name: `Open ${suite.fx.name}` }).click();
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('REPLAY');
    await page.locator('.player-time').waitFor();
    expect(await playhead(page)).toBe(suite.fx.start);
    expect(zstdDecoderLoaded()).toBe(true);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/replay');
    expect(url.searchParams.get('rec')).toBe(suite.fx.id);
    expect(url.searchParams.get('t')).toBe(iso(suite.fx.start));
    // The fleet overview renders the recording: every site panel is there.
    for (const name of ['Louisiana', 'Ohio', 'Texas', 'Missouri'])
      await page.getByRole('region', { name, exact: true }).waitFor();
    // Both alerts and the note are on the scrubber: at the open, or soon after when reading them takes
    // longer than the open waits for them (a busy machine; a long recording).
    await expect.poll(() => page.locator('[data-marker="alert"]').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('[data-marker="annotation"]').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('.scrub-pending').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('seeks to the alert marker: the alert is shown and the charts fill with the minutes before it', async () => {
    // A click on the time axis seeks there: the middle of the track is the middle of the recording.
    const track = page.getByRole('slider', { name: 'Playhead' });
    await track.click({ position: { x: (await track.boundingBox())!.width / 2, y: 10 } });
    const mid = (suite.fx.start + suite.fx.end) / 2;
    await expect.poll(async () => Math.abs((await playhead(page)) - mid)).toBeLessThan(5000);
    const marker = page.locator(`[data-marker-id="${suite.fx.crash.id}"]`);
    expect(await marker.getAttribute('aria-label')).toContain(suite.fx.crash.title);
    // Hovering a marker names it.
    await marker.hover();
    expect(await page.locator('.scrub-tip').textContent()).toContain(suite.fx.crash.title);
    await marker.click();
    await expect.poll(() => playhead(page)).toBe(suite.fx.crash.t);
    const alert = page.locator(`.alerts [data-alert-id="${suite.fx.crash.id}"]`);
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.getAttribute('data-severity')).toBe('critical');
    expect(await alert.textContent()).toContain(suite.fx.crash.title);
    // A recording's alert is history: nothing to acknowledge.
    expect(await alert.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
    // Eight minutes of the recording lie behind the playhead: the charts show them.
    await chartsFilled(page, 300);
    expect(new URL(page.url()).searchParams.get('t')).toBe(iso(suite.fx.crash.t));
    // [ and ] step between alerts.
    await page.keyboard.press('[');
    await expect.poll(() => playhead(page)).toBe(suite.fx.warning.t);
    await page.keyboard.press(']');
    await expect.poll(() => playhead(page)).toBe(suite.fx.crash.t);
    await page.waitForTimeout(800);
    await screenshot(page, 'replay-fleet-1600x1000');
    expect(errors).toEqual([]);
  });

  it('shows the figures the file holds at that second', async () => {
    // The name holds the visible label ("1 s"), as WCAG 2.5.3 asks.
    await page.locator('.player').getByRole('button', { name: 'Forward 1 s', exact: true }).click();
    await page.locator('.player').getByRole('button', { name: 'Forward 1 s', exact: true }).click();
    // The header speaks of the recording's time, not of how fresh live data is.
    const age = page.locator('.conn-age');
    expect(await age.textContent()).toMatch(/^recording at \d\d:\d\d:\d\d/);
    expect(Number(await age.getAttribute('data-replay-t'))).toBe(suite.fx.crash.t + 2000);
    expect(await page.locator('[data-freshness]').first().textContent()).toMatch(/^Recorded \d\d:\d\d:\d\d$/);
    const t = suite.fx.crash.t + 2000;
    await expect.poll(() => playhead(page)).toBe(t);
    const expected = await texasInFile(suite.fx.path, t);
    await expect.poll(async () => (await texasPower(page)).value).toBeCloseTo(expected, 9);
    expect((await texasPower(page)).text).toBe(mw(expected));
  });

  it('plays at 10×: about ten seconds of recording per second', async () => {
    await page.getByLabel('Playback speed').selectOption('10');
    // Space on the speed list would open it: take focus back to the page, as a click on it would.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const before = await playhead(page);
    const wall0 = Date.now();
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator('.pl-play').getAttribute('data-playing')).toBe('true');
    await page.waitForTimeout(3000);
    const after = await playhead(page);
    const wall = (Date.now() - wall0) / 1000;
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator('.pl-play').getAttribute('data-playing')).toBe('false');
    const rate = (after - before) / 1000 / wall;
    expect(rate).toBeGreaterThan(7);
    expect(rate).toBeLessThan(11.5);
    // Paused, the address bar names the frame shown and the speed.
    const url = new URL(page.url());
    expect(url.searchParams.get('speed')).toBe('10');
    expect(url.searchParams.get('t')).toBe(iso(await playhead(page)));
    expect(errors).toEqual([]);
  });

  it('loops an A–B span: the playhead wraps from B back to A', async () => {
    const a = await playhead(page);
    await page.getByRole('button', { name: 'Set A' }).click();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => playhead(page)).toBe(a + 40_000);
    await page.getByRole('button', { name: 'Set B' }).click();
    const loop = await page.locator('.scrub-loop').getAttribute('data-loop');
    expect(loop).toBe(`${iso(a)}/${iso(a + 40_000)}`);
    await expect.poll(() => new URL(page.url()).searchParams.get('loop')).toBe(loop);
    await page.getByLabel('Playback speed').selectOption('25');
    await page.getByRole('button', { name: 'Play' }).click();
    const seen: number[] = [];
    const until = Date.now() + 4500;
    while (Date.now() < until) {
      seen.push(await playhead(page));
      await page.waitForTimeout(150);
    }
    await page.getByRole('button', { name: 'Pause' }).click();
    // Every frame inside the loop, and at least one wrap (a step back in time).
    for (const t of seen) {
      expect(t).toBeGreaterThanOrEqual(a);
      expect(t).toBeLessThanOrEqual(a + 40_000);
    }
    expect(seen.some((t, i) => i > 0 && t < seen[i - 1]!)).toBe(true);
    await page.getByRole('button', { name: 'Clear loop' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('loop')).toBe(false);
    // L brings the last loop back, and takes it away again.
    await page.keyboard.press('l');
    await expect.poll(() => new URL(page.url()).searchParams.get('loop')).toBe(loop);
    await page.keyboard.press('l');
    await expect.poll(() => new URL(page.url()).searchParams.has('loop')).toBe(false);
    await page.getByLabel('Playback speed').selectOption('1');
    expect(errors).toEqual([]);
  });

  let link = '';
  let linkedPower = { text: '', value: 0 };

  it('copies a link to this moment that opens the same frame in a new page', async () => {
    await page.locator(`[data-marker-id="${suite.fx.crash.id}"]`).click();
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    const t = suite.fx.crash.t + 7000;
    await expect.poll(() => playhead(page)).toBe(t);
    linkedPower = await texasPower(page);
    await page.getByRole('button', { name: 'Copy link to this moment' }).click();
    const field = page.getByLabel('Link to this moment');
    link = await field.inputValue();
    expect(new URL(link).searchParams.get('t')).toBe(iso(t));
    expect(new URL(link).searchParams.get('rec')).toBe(suite.fx.id);

    const other = await openPage(suite.browser, { width: 1600, height: 1000 });
    await other.page.goto(link);
    await expect.poll(() => statusText(other.page), { timeout: 15_000 }).toBe('REPLAY');
    await expect.poll(() => playhead(other.page), { timeout: 15_000 }).toBe(t);
    await expect
      .poll(async () => (await texasPower(other.page)).text, { timeout: 10_000 })
      .toBe(linkedPower.text);
    expect((await texasPower(other.page)).value).toBe(linkedPower.value);
    expect(linkedPower.value).toBeCloseTo(await texasInFile(suite.fx.path, t), 9);
    // The same alert is open there too.
    await other.page.locator(`.alerts [data-alert-id="${suite.fx.crash.id}"]`).waitFor();
    expect(other.errors).toEqual([]);
    await other.context.close();
  });

  it('keeps the recording across views: the site view replays the same second', async () => {
    const t = await playhead(page);
    const nav = page
      .getByRole('navigation', { name: 'Sites' })
      .getByRole('link', { name: 'Texas', exact: true });
    expect(await nav.getAttribute('href')).toContain(`rec=${suite.fx.id}`);
    await nav.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/site/texas');
    expect(new URL(page.url()).searchParams.get('rec')).toBe(suite.fx.id);
    expect(await statusText(page)).toBe('REPLAY');
    expect(await playhead(page)).toBe(t);
    await chartsFilled(page, 300);
    await page.waitForTimeout(800);
    await screenshot(page, 'replay-site-texas-1600x1000');
    expect(errors).toEqual([]);
  });

  it('adds a note at the playhead: it shows on the scrubber for everyone', async () => {
    const before = await page.locator('[data-marker="annotation"]').count();
    await page.getByRole('button', { name: 'Add note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a note to the recording' });
    await dialog.getByLabel('Note').fill('Breaker trip seen here');
    await dialog.getByLabel('Your name').fill('Dana');
    await dialog.getByLabel('Operator token').fill(OPERATOR);
    await dialog.getByRole('button', { name: 'Save note' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-marker="annotation"]').count()).toBe(before + 1);
    const res = await fetch(`${suite.server.url}/api/recordings/${suite.fx.id}/annotations`);
    const body = (await res.json()) as { annotations: Array<{ text: string; author: string; t: number }> };
    const note = body.annotations.find((a) => a.text === 'Breaker trip seen here');
    expect(note).toMatchObject({ author: 'Dana', t: await playhead(page) });
    expect(errors).toEqual([]);
  });

  it('exports the window the charts show as CSV', async () => {
    const t = await playhead(page);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Export window \(CSV\)/ }).click();
    const file = await download;
    const text = await readFile((await file.path())!, 'utf8');
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(/^time,site,facilityPowerMw \(MW\)/);
    // 15 minutes would reach before the start: the window is [start, t], four sites a second.
    const seconds = (t - suite.fx.start) / 1000 + 1;
    expect(lines.length - 1).toBe(seconds * 4);
    expect(lines.at(-1)).toMatch(new RegExp(`^${new Date(t).toISOString()},`));
  });

  it('an operator (a device that holds the token) deletes a recording from the list', async () => {
    await page.goto(`${suite.server.url}/replay`);
    const row = page.locator(`[data-recording="${spare.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: `Delete ${spare.name}` }).click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    const res = await fetch(`${suite.server.url}/api/recordings`);
    const ids = ((await res.json()) as { recordings: Array<{ id: string }> }).recordings.map((r) => r.id);
    expect(ids).not.toContain(spare.id);
    expect(ids).toContain(suite.fx.id);
    expect(errors).toEqual([]);
  });

  it('plays a dropped local file, and says clearly when a file is not MCAP', async () => {
    await page.goto(`${suite.server.url}/replay`);
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({
      name: 'notes.mcap',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('hello'),
    });
    const error = page.locator('[data-drop-error]');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toMatch(/notes\.mcap.*not an MCAP file/);
    expect(await statusText(page)).toBe('LIVE');
    // A sound MCAP file in a codec the player lacks: named, with the chunk, not called damaged.
    await input.setInputFiles({
      name: 'foreign.mcap',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(await foreignCodecFile()),
    });
    await expect
      .poll(() => error.textContent(), { timeout: 10_000 })
      .toMatch(/^foreign\.mcap cannot be played: .*unsupported compression 'brotli' in chunk 2 /);
    expect(await error.textContent()).not.toMatch(/damaged|corrupt/);
    expect(await statusText(page)).toBe('LIVE');

    await input.setInputFiles(suite.fx.path);
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('REPLAY');
    expect(new URL(page.url()).searchParams.get('rec')).toBe('local');
    expect(await page.locator('.player').textContent()).toContain('local file — link cannot be shared');
    expect(await page.getByRole('button', { name: 'Copy link to this moment' }).isDisabled()).toBe(true);
    const before = await playhead(page);
    await page.getByLabel('Playback speed').selectOption('10');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => playhead(page), { timeout: 10_000 }).toBeGreaterThan(before + 10_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    // Its CSV comes from the file in the page.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Export window \(CSV\)/ }).click();
    const text = await readFile((await (await download).path())!, 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(40);
    expect(errors).toEqual([]);
  });

  it('says plainly that a hall-level recording has no rack data for a hall', async () => {
    await page.goto(`${suite.server.url}/site/texas?hall=h1&rec=${suite.fx.id}&t=${iso(suite.fx.crash.t)}`);
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('REPLAY');
    const note = page.locator('[data-hall-detail] [data-no-racks]');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.textContent()).toMatch(
      /This recording has no rack data for Hall 1: it was recorded at hall level/,
    );
    expect(await page.locator('[data-hall-detail] .heatmap-plot').count()).toBe(0);
    // The hall's own trends come from the recording.
    await chartsFilled(page, 300);
    expect(errors).toEqual([]);
  });

  it('goes back to live', async () => {
    await page.goto(`${suite.server.url}/?rec=${suite.fx.id}&t=${iso(suite.fx.crash.t)}`);
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('REPLAY');
    await page.getByRole('button', { name: 'Back to live' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('LIVE');
    // The button left with the player: focus lands on the page's main region, not on <body>.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    const url = new URL(page.url());
    for (const k of ['rec', 't', 'speed', 'loop']) expect(url.searchParams.has(k), k).toBe(false);
    expect(await page.locator('.player').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a bad t in a link is ignored with a notice, never a crash', async () => {
    await page.goto(`${suite.server.url}/?rec=${suite.fx.id}&t=yesterday`);
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('REPLAY');
    expect(await page.locator('[data-notice]').textContent()).toMatch(/Ignored t=yesterday/);
    expect(await playhead(page)).toBe(suite.fx.start);
    expect(errors).toEqual([]);
  });

  it('replays the executive summary at the playhead, and its links keep the recording', async () => {
    const t = suite.fx.crash.t + 60_000;
    await page.goto(`${suite.server.url}/exec?rec=${suite.fx.id}&t=${iso(t)}`);
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('REPLAY');
    const asOf = page.locator('[data-as-of]');
    await expect.poll(async () => Number(await asOf.getAttribute('data-as-of')), { timeout: 15_000 }).toBe(t);
    expect(await page.locator('[data-window]').textContent()).toMatch(/replayed/);
    // The range is measured over what the recording holds: averages, not "not enough data yet". Polled
    // until a figure is there: "loading…" also says neither, and a busy machine shows it for a while.
    await expect
      .poll(() => page.locator('.xperiod').first().textContent(), { timeout: 15_000 })
      .toMatch(/avg \S*\d/);
    expect(await page.locator('.xperiod').allTextContents()).not.toContainEqual(
      expect.stringMatching(/not enough data/),
    );
    await page.locator('[data-copy="view"]').click();
    const copied = await page.locator('.xshare input').inputValue();
    expect(new URL(copied).searchParams.get('rec')).toBe(suite.fx.id);
    expect(errors).toEqual([]);
  });

  it('a link to a recording that is gone says so, and back to live works', async () => {
    const quiet = tolerate(errors, [/Failed to load resource: the server responded with a status of 404/]);
    await page.goto(`${suite.server.url}/site/ohio?rec=cap-20200101T000000Z-00000000`);
    const banner = page.locator('.banner-error');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toMatch(/Cannot open the recording.*not found/);
    quiet.end();
    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('LIVE');
    expect(new URL(page.url()).pathname).toBe('/site/ohio');
    await page.getByRole('region', { name: 'Ohio' }).first().waitFor();
    expect(errors).toEqual([]);
  });

  it('drills on the wall: REPLAY and the playhead, playing, with no controls', async () => {
    const wall = await openPage(suite.browser, { width: 1920, height: 1080 });
    await wall.page.goto(
      `${suite.server.url}/wall?page=texas&rec=${suite.fx.id}&t=${iso(suite.fx.crash.t - 10_000)}&speed=5`,
    );
    await expect.poll(() => statusText(wall.page), { timeout: 15_000 }).toBe('REPLAY');
    const clock = wall.page.locator('.wall-replay-clock');
    await clock.waitFor();
    const t0 = Number(await clock.getAttribute('data-playhead'));
    expect(t0).toBeGreaterThanOrEqual(suite.fx.crash.t - 10_000);
    await expect
      .poll(async () => Number(await clock.getAttribute('data-playhead')), { timeout: 10_000 })
      .toBeGreaterThan(t0 + 5000);
    expect(await wall.page.locator('.player').count()).toBe(0);
    expect(await wall.page.locator('button, select, input').count()).toBe(0);
    await wall.page.locator(`.wall [data-alert-id="${suite.fx.crash.id}"]`).waitFor({ timeout: 15_000 });
    await screenshot(wall.page, 'replay-wall-texas-1920x1080');
    expect(wall.errors).toEqual([]);
    await wall.context.close();
  });

  it('fits a 390×844 phone: the player wraps, nothing scrolls sideways', async () => {
    const phone = await openPage(suite.browser, { width: 390, height: 844 });
    await phone.page.goto(link);
    await expect.poll(() => statusText(phone.page), { timeout: 15_000 }).toBe('REPLAY');
    await phone.page.locator('.player-time').waitFor();
    await phone.page.waitForTimeout(1000);
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // The player is one compact row and a slim scrubber: ≤ 12 % of the screen, the rest behind "More".
    const h = await phone.page.locator('.player').evaluate((el) => el.getBoundingClientRect().height);
    expect(h).toBeLessThanOrEqual(844 * 0.12);
    const more = phone.page.locator('.player').getByRole('button', { name: 'More' });
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await phone.page
      .locator('.player')
      .getByRole('button', { name: /Add note/ })
      .waitFor();
    await screenshot(phone.page, 'replay-fleet-390x844-more');
    await more.click();
    await screenshot(phone.page, 'replay-fleet-390x844');
    // The list folds its table into cards on a phone.
    await phone.page.goto(`${suite.server.url}/replay`);
    await phone.page.locator(`[data-recording="${suite.fx.id}"]`).waitFor({ timeout: 15_000 });
    expect(
      await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'replay-list-390x844');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
  it('opens the always-on segment while it is still written, up to its last flushed second; reopening shows more', async () => {
    const openSegment = async () => {
      await page.goto(`${suite.server.url}/replay`);
      const row = page.locator('tr[data-kind="segment"]').first();
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toMatch(/recording now/);
      const flushed = Number(await row.locator('[data-flushed-end]').getAttribute('data-flushed-end'));
      await row.getByRole('link', { name: /^Open / }).click();
      await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('REPLAY');
      const slider = page.getByRole('slider', { name: 'Playhead' });
      await slider.waitFor();
      // It opens at the newest second it had when listed: the last minutes are what an incident needs.
      expect(await playhead(page)).toBe(flushed);
      return { flushed, end: Number(await slider.getAttribute('aria-valuemax')) };
    };
    const first = await openSegment();
    expect(first.end).toBeGreaterThanOrEqual(first.flushed);
    // Up to the last flushed second, never beyond what the server has received.
    expect(first.end).toBeLessThanOrEqual(Date.now());
    await chartsFilled(page, 3);
    await page.waitForTimeout(2500);
    const second = await openSegment();
    expect(second.end).toBeGreaterThan(first.end);
    expect(errors).toEqual([]);
    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toBe('LIVE');
  });
});
