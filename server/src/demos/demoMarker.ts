import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordingIdSchema } from '@gigawatt/shared/recording';
import { z } from 'zod';
import { recordingsDir } from '../recorder/recordingFiles.ts';
import { DEMO_SCENARIOS } from './demoJob.ts';

/**
 * Which demos this data folder has had. A demo is made once: deleting it deletes it for good (delete
 * this file to have the missing ones made again at the next start).
 */
const markerSchema = z.object({
  made: z.partialRecord(
    z.enum(DEMO_SCENARIOS),
    // A marker written before editions existed holds edition 1.
    z.object({ id: recordingIdSchema, at: z.number(), edition: z.number().int().min(1).default(1) }),
  ),
});
export type DemoMarker = z.infer<typeof markerSchema>;

/**
 * What the demos hold. Raise it when a change to synthesis makes old demos misleading (edition 2: the
 * demos carry the alerts the engine raised, so an incident drill finds them; edition 3: liquid-cooled
 * halls carry their coolant loop, and the cooling failure moved to a liquid-cooled hall, Ohio Hall 10);
 * a demo of an older edition that still exists is made again and replaces it, one that was deleted
 * stays deleted.
 */
export const DEMO_EDITION = 3;

export const demoMarkerPath = (dataDir: string): string => join(recordingsDir(dataDir), 'demos-made.json');

/** Missing → nothing made yet; unreadable or invalid → undefined (the caller makes nothing). */
export async function readDemoMarker(path: string): Promise<DemoMarker | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { made: {} };
    return undefined;
  }
  try {
    const r = markerSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Through a temporary file and a rename, so a crash leaves the old marker or the new one. */
export async function writeDemoMarker(path: string, marker: DemoMarker): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, `${JSON.stringify(marker, null, 2)}\n`);
  await rename(temp, path);
}
