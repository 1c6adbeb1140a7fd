import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelSchema } from './channelSchemas.ts';
import { decodeRecordedMessage } from './decodeRecordedMessage.ts';
import { rackBlockFromJson, rackBlockJsonSchema, rackBlockToJson, shortestFloat32 } from './rackBlockJson.ts';
import { decodeUtf8, encodeUtf8 } from './textCodec.ts';

describe('rack block JSON', () => {
  it('writes every float32 as a number that reads back as the same float32', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(Math.fround(shortestFloat32(v)) === v).toBe(true);
      }),
      { seed: 3, numRuns: 5000 },
    );
  });

  it('keeps typical meter values short', () => {
    expect(shortestFloat32(Math.fround(120.34935))).toBe(120.34935);
    expect(shortestFloat32(Math.fround(24.3))).toBe(24.3);
    expect(shortestFloat32(Math.fround(99.99))).toBe(99.99);
    expect(shortestFloat32(1500)).toBe(1500);
  });

  it('round-trips a block, and refuses implausible values on the way back', () => {
    const block = {
      site: 'ohio',
      hall: 'h1',
      t: 1_780_315_200_000,
      powerKw: Float32Array.of(120.5, 0, 1999.9),
      utilPct: Float32Array.of(0.01, 50, 100),
      inletTempC: Float32Array.of(-49.5, 24.3, 119.9),
    };
    expect(rackBlockFromJson(rackBlockToJson(block))).toEqual(block);
    expect(rackBlockFromJson({ ...rackBlockToJson(block), utilPct: [1, 2, 101] })).toMatch(/utilPct\[2\]/);
  });

  it('carries a liquid-cooled hall’s coolant return column, and opens blocks written before it existed', () => {
    const block = {
      site: 'ohio',
      hall: 'h10',
      t: 1_780_315_200_000,
      powerKw: Float32Array.of(120.5, 14.2),
      utilPct: Float32Array.of(88, 0),
      inletTempC: Float32Array.of(24.3, 23.9),
      coolantReturnC: Float32Array.of(39.7, 31.1),
    };
    const json = rackBlockToJson(block);
    expect(json.coolantReturnC).toEqual([39.7, 31.1]);
    expect(rackBlockFromJson(rackBlockJsonSchema.parse(json))).toEqual(block);
    // One value per rack, and plausible values, as for the other columns.
    expect(rackBlockJsonSchema.safeParse({ ...json, coolantReturnC: [39.7] }).success).toBe(false);
    expect(rackBlockFromJson({ ...json, coolantReturnC: [39.7, 500] })).toMatch(/coolantReturnC\[1\]/);

    // A recording made before coolant existed (or of an air-cooled hall): three columns, still valid.
    const { coolantReturnC: _, ...old } = block;
    const oldJson = JSON.stringify(rackBlockToJson(old));
    expect(oldJson).not.toContain('coolant');
    const topic = '/racks/ohio/h10';
    const parsed = { kind: 'racks', site: 'ohio', hall: 'h10' } as const;
    const logTime = BigInt(block.t) * 1_000_000n;
    const decodedOld = decodeRecordedMessage(topic, parsed, logTime, encodeUtf8(oldJson));
    expect(decodedOld.kind === 'racks' && decodedOld.block).toEqual(old);
    expect(decodedOld.kind === 'racks' && 'coolantReturnC' in decodedOld.block).toBe(false);
    const decoded = decodeRecordedMessage(topic, parsed, logTime, encodeUtf8(JSON.stringify(json)));
    expect(decoded.kind === 'racks' && decoded.block).toEqual(block);

    // The channel's JSON Schema (for standard MCAP tools) lists the optional column.
    const schema = JSON.parse(decodeUtf8(channelSchema('racks').data)) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.properties).toHaveProperty('coolantReturnC');
    expect(schema.required).not.toContain('coolantReturnC');
  });
});
