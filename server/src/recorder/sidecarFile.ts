import { readFile, rename, writeFile } from 'node:fs/promises';
import { describeZodError } from '@gigawatt/shared';
import { type RecordingInfo, recordingInfoSchema } from '@gigawatt/shared/recording';

/** Written to a temporary name and renamed, so a crash leaves the old sidecar or the new one, never half. */
export async function writeSidecar(path: string, info: RecordingInfo): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, `${JSON.stringify(info, null, 2)}\n`);
  await rename(temp, path);
}

export async function readSidecar(path: string): Promise<RecordingInfo> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  const r = recordingInfoSchema.safeParse(raw);
  if (!r.success) throw new Error(`invalid sidecar ${path}: ${describeZodError(r.error)}`);
  return r.data;
}
