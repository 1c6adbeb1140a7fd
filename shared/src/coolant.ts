import type { FleetIndex } from './fleetIndex.ts';
import type { GpuModel, HallConfig } from './fleetSchema.ts';

/*
 * The liquid loop of a direct-to-chip cooled hall, shared by the simulator (physics) and the alert
 * rules (what "flow low" is measured against). Sources:
 * [C1] GB200 NVL72 rack heat: ≈ 85 % to liquid, the rest (power shelves, NICs, drives) to air — the
 *      NVIDIA/Vertiv GB200 NVL72 reference architecture puts ≈ 115 of a 132 kW rack on the liquid loop.
 * [C2] PG25 (25 % propylene glycol, the usual technology-cooling-system fluid, OCP "Advanced Cooling
 *      Solutions" guidance) at ≈ 30 °C: specific heat ≈ 3.93 kJ/(kg·K), density ≈ 1.02 kg/L (ASHRAE
 *      Handbook — Fundamentals, propylene glycol solution tables).
 * [C3] Cold-plate loops are sized at ≈ 1.5 L/min per kW of liquid heat (OCP ACS cold plate guidance),
 *      which with [C2] is a ΔT of ≈ 10 K at full load.
 * [C4] Supply temperature: NVIDIA rates Blackwell cold plates for facility water up to ASHRAE class
 *      W45 (45 °C); the model's setpoint of 30 °C is a model choice in the usual 25–35 °C band.
 * [C5] CDU pump power = flow × head / efficiency (the hydraulic power law); head ≈ 250 kPa across
 *      manifolds, quick disconnects and cold plates and a wire-to-water efficiency of 0.6 are
 *      assumptions in the usual ranges (1.5–3 bar, 0.5–0.7); it comes to ≈ 1 % of the heat moved.
 */
export const COOLANT = Object.freeze({
  /** [C1] */
  liquidHeatShare: 0.85,
  /** [C2] kJ/(kg·K) */
  cpKjPerKgK: 3.93,
  /** [C2] kg/L */
  densityKgPerL: 1.02,
  /** [C3] L/min per kW of liquid heat at full load */
  designLpmPerKw: 1.5,
  /** [C4] °C */
  supplySetpointC: 30,
  /** [C5] kPa */
  headKpa: 250,
  /** [C5] */
  pumpEfficiency: 0.6,
});

/** Return = supply + heat / (mass flow × specific heat): the heat the loop picks up warms it. */
export function coolantReturnC(supplyC: number, heatKw: number, flowLpm: number): number {
  if (flowLpm <= 0) return supplyC;
  const kgPerS = (flowLpm / 60) * COOLANT.densityKgPerL;
  return supplyC + heatKw / (kgPerS * COOLANT.cpKjPerKgK);
}

/** Electrical draw of the pumps moving `flowLpm` against the loop's head (kW). */
export function cduPumpKw(flowLpm: number): number {
  const m3PerS = flowLpm / 60_000;
  return (m3PerS * COOLANT.headKpa) / COOLANT.pumpEfficiency;
}

/** The flow a loop is built for: liquid share of the racks' full IT power × L/min per kW. */
export function designFlowLpm(model: GpuModel, racks: number): number {
  return model.rackKw * racks * COOLANT.liquidHeatShare * COOLANT.designLpmPerKw;
}

/** Design flow of a hall of the fleet; 0 for an air-cooled or unknown hall. */
export function hallDesignFlowLpm(idx: FleetIndex, siteId: string, hallId: string): number {
  const hall: HallConfig | undefined = idx.hall(siteId, hallId);
  const model = hall ? idx.model(hall.gpuModel) : undefined;
  return hall && model && model.cooling === 'liquid' ? designFlowLpm(model, hall.racks) : 0;
}
