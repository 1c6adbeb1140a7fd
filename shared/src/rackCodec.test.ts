import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adoptRackWire,
  checkRackValues,
  decodeRackWire,
  encodeRackBlock,
  rackWireSchema,
} from './rackCodec.ts';

describe('rack codec', () => {
  it('round-trips float32 columns and costs 4 bytes per rack value plus the header', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.float({ min: 0, max: 200, noNaN: true }),
            fc.float({ min: 0, max: 100, noNaN: true }),
            fc.float({ min: 10, max: 40, noNaN: true }),
          ),
          { minLength: 1, maxLength: 400 },
        ),
        (rows) => {
          const block = {
            site: 'ohio',
            hall: 'h1',
            t: 1_800_000_000_000,
            powerKw: Float32Array.from(rows.map((r) => r[0])),
            utilPct: Float32Array.from(rows.map((r) => r[1])),
            inletTempC: Float32Array.from(rows.map((r) => r[2])),
          };
          const wire = encodeRackBlock(block);
          expect(rackWireSchema.safeParse(wire).success).toBe(true);
          expect(wire.data.byteLength).toBe(rows.length * 12);
          const back = decodeRackWire(wire);
          expect(Array.from(back.powerKw)).toEqual(Array.from(block.powerKw));
          expect(Array.from(back.inletTempC)).toEqual(Array.from(block.inletTempC));
          expect(checkRackValues(back)).toBeNull();
        },
      ),
      { seed: 5, numRuns: 100 },
    );
  });

  it('decodes from an unaligned Buffer slice (as socket.io delivers it in Node)', () => {
    const block = {
      site: 's',
      hall: 'h',
      t: 1_800_000_000_000,
      powerKw: Float32Array.of(1, 2),
      utilPct: Float32Array.of(3, 4),
      inletTempC: Float32Array.of(5, 6),
    };
    const bytes = encodeRackBlock(block).data as Uint8Array;
    const slab = new Uint8Array(bytes.length + 1);
    slab.set(bytes, 1);
    const back = decodeRackWire({ site: 's', hall: 'h', t: block.t, racks: 2, data: slab.subarray(1) });
    expect(Array.from(back.utilPct)).toEqual([3, 4]);
  });

  it('adopts a received wire with one copy: columns are views of the bytes it forwards', () => {
    const block = {
      site: 's',
      hall: 'h',
      t: 1_800_000_000_000,
      powerKw: Float32Array.of(1, 2),
      utilPct: Float32Array.of(3, 4),
      inletTempC: Float32Array.of(5, 6),
    };
    const bytes = encodeRackBlock(block).data as Uint8Array;
    const slab = new Uint8Array(bytes.length + 5).fill(0xff);
    slab.set(bytes, 1);
    const received = { site: 's', hall: 'h', t: block.t, racks: 2, data: slab.subarray(1) };
    const { block: back, wire } = adoptRackWire(received);
    expect(Array.from(wire.data)).toEqual(Array.from(bytes));
    expect(wire.data.buffer).not.toBe(slab.buffer);
    expect(back.utilPct.buffer).toBe(wire.data.buffer);
    expect(Array.from(back.powerKw)).toEqual([1, 2]);
    expect(Array.from(back.utilPct)).toEqual([3, 4]);
    expect(Array.from(back.inletTempC)).toEqual([5, 6]);
    expect(rackWireSchema.safeParse(wire).success).toBe(true);
  });

  it('carries coolant return as a fourth column for liquid-cooled halls, and only then', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.float({ min: 0, max: 200, noNaN: true }), fc.float({ min: 20, max: 60, noNaN: true })),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        (rows) => {
          const block = {
            site: 'ohio',
            hall: 'h1',
            t: 1_800_000_000_000,
            powerKw: Float32Array.from(rows.map((r) => r[0])),
            utilPct: new Float32Array(rows.length).fill(50),
            inletTempC: new Float32Array(rows.length).fill(25),
            coolantReturnC: Float32Array.from(rows.map((r) => r[1])),
          };
          const wire = encodeRackBlock(block);
          expect(rackWireSchema.safeParse(wire).success).toBe(true);
          expect(wire.data.byteLength).toBe(rows.length * 16);
          expect(Array.from(decodeRackWire(wire).coolantReturnC!)).toEqual(Array.from(block.coolantReturnC));
          const adopted = adoptRackWire(wire);
          expect(Array.from(adopted.block.coolantReturnC!)).toEqual(Array.from(block.coolantReturnC));
          expect(adopted.block.coolantReturnC!.buffer).toBe(adopted.wire.data.buffer);
          expect(checkRackValues(adopted.block)).toBeNull();
        },
      ),
      { seed: 6, numRuns: 50 },
    );
    const air = encodeRackBlock({
      site: 's',
      hall: 'h',
      t: 1_800_000_000_000,
      powerKw: Float32Array.of(1),
      utilPct: Float32Array.of(2),
      inletTempC: Float32Array.of(3),
    });
    expect(decodeRackWire(air).coolantReturnC).toBeUndefined();
    // Five columns, or a column and a half, are neither shape.
    for (const bytes of [20, 14]) {
      const wire = { site: 's', hall: 'h', t: 1_800_000_000_000, racks: 1, data: new Uint8Array(bytes) };
      expect(rackWireSchema.safeParse(wire).success).toBe(false);
    }
    const hot = {
      site: 's',
      hall: 'h',
      t: 1,
      powerKw: Float32Array.of(1),
      utilPct: Float32Array.of(1),
      inletTempC: Float32Array.of(20),
      coolantReturnC: Float32Array.of(Number.NaN),
    };
    expect(checkRackValues(hot)).toMatch(/coolantReturnC/);
    expect(checkRackValues({ ...hot, coolantReturnC: Float32Array.of(30, 31) })).toMatch(
      /one value per rack/,
    );
  });

  it('rejects wrong sizes, non-binary data and impossible values', () => {
    expect(
      rackWireSchema.safeParse({
        site: 'ohio',
        hall: 'h1',
        t: 1_800_000_000_000,
        racks: 3,
        data: new Uint8Array(12),
      }).success,
    ).toBe(false);
    expect(
      rackWireSchema.safeParse({
        site: 'ohio',
        hall: 'h1',
        t: 1_800_000_000_000,
        racks: 1,
        data: 'abcdefghijkl',
      }).success,
    ).toBe(false);
    const bad = {
      site: 's',
      hall: 'h',
      t: 1,
      powerKw: Float32Array.of(-1),
      utilPct: Float32Array.of(1),
      inletTempC: Float32Array.of(20),
    };
    expect(checkRackValues(bad)).toMatch(/powerKw/);
  });
});
