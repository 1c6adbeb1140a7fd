import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSink } from './fileSink.ts';

describe('openFileSink', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gigawatt-sink-'));
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('writes under a temporary name and moves the file into place on commit', async () => {
    const path = join(dir, 'a.mcap');
    const sink = await openFileSink(path);
    await sink.write(bytes('hello '));
    await sink.write(bytes('world'));
    expect(readdirSync(dir)).toEqual(['a.mcap.partial']);
    await sink.commit();
    expect(readdirSync(dir)).toEqual(['a.mcap']);
    expect(readFileSync(path, 'utf8')).toBe('hello world');
  });

  it('leaves nothing behind when discarded, and refuses to replace a file unless asked', async () => {
    const path = join(dir, 'b.mcap');
    const sink = await openFileSink(path);
    await sink.write(bytes('half'));
    await sink.discard();
    expect(readdirSync(dir)).not.toContain('b.mcap.partial');
    writeFileSync(path, 'old');
    await expect(openFileSink(path)).rejects.toThrow(/b\.mcap already exists \(pass --force to replace it\)/);
    const again = await openFileSink(path, { overwrite: true });
    await again.write(bytes('new'));
    await again.commit();
    expect(readFileSync(path, 'utf8')).toBe('new');
  });
});
