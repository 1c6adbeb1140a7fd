import type { RackBlock } from '@gigawatt/shared';
import type { JsonBytes } from './jsonBytes.ts';

function column(out: JsonBytes, values: Float32Array) {
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out.raw(',');
    out.rounded(values[i]!, 1);
  }
}

/**
 * Writes a rack block as recording JSON (the shape of shared's rackBlockToJson) at meter precision:
 * 0.1 kW, 0.1 % and 0.1 °C, what rack PDUs, inlet and manifold sensors report. Full float32 digits ("120.34935")
 * carry nothing a heatmap can show and made rack-level files 2.5× larger and slower to write; rounded
 * values ("120.3") also repeat, so the chunk compressor finds matches. Ids need no escaping (shared id pattern).
 */
export function writeRackBlockJson(out: JsonBytes, b: RackBlock): void {
  out.raw('{"site":"').raw(b.site).raw('","hall":"').raw(b.hall).raw('","t":').number(b.t);
  out.raw(',"powerKw":[');
  column(out, b.powerKw);
  out.raw('],"utilPct":[');
  column(out, b.utilPct);
  out.raw('],"inletTempC":[');
  column(out, b.inletTempC);
  if (b.coolantReturnC) {
    out.raw('],"coolantReturnC":[');
    column(out, b.coolantReturnC);
  }
  out.raw(']}');
}
