import type { FleetConfig, HallConfig, Workload } from './fleetSchema.ts';

/*
 * Sources for the figures below (see ../shared/DESIGN.md, "Sourced figures for the simulator"):
 * [S1] NVIDIA GB200 NVL72: ~120–132 kW per rack; GB200 provisioned at 960 W (80 % of 1,200 W TDP);
 *      ≈1.8 kW facility power per GB200 all-in (SemiAnalysis, "GB200 hardware architecture", 2024).
 * [S2] H100 SXM 700 W TDP; an 8-GPU HGX H100 node ≈ 8.4–10.2 kW (NVIDIA DGX H100 datasheet: 10.2 kW max).
 * [S3] Idle GPU draw ≈ 70–100 W (nvidia-smi idle readings reported for H100/B200).
 * [S4] Rental prices: H100 ≈ $2.35 per GPU-hour on 1-year contracts, Blackwell ≈ $5 per GPU-hour (2026 market quotes).
 * [S5] GB300 NVL72: 1,400 W per GPU board (NVIDIA GB300 announcement, 2025); the rack figure is an
 *      assumption by analogy with [S1] (same 72-GPU NVL72 frame, ~135 kW).
 * [S6] Campus capacities and PUE bands: DESIGN.md fleet table (Meta Hyperion / Prometheus announcements,
 *      Crusoe Childress and Warrenton announcements; Meta fleet PUE 1.08–1.09; hyperscale 1.1–1.2).
 * [S7] GB300 (Blackwell Ultra) rents at a premium over GB200/B200 of about 15–20 %: on-demand list prices
 *      B300 $6.00 vs B200 $5.00 per GPU-hour (Akash Network, akash.network/pricing/gpus, read 2026-09-20),
 *      B300 $7.89 vs B200 $6.79 (RunPod, runpod.io/pricing, read 2026-10-07); Ornn's 2026 rental benchmark
 *      puts B200 at $4.50 and B300 at $5.00–7.25 on neoclouds ("NVIDIA B200 vs B300", ornnai.com). The
 *      hardware premium is similar: GB300 NVL72 racks ≈ $3.7–5.0 M against $3.0–3.9 M for GB200 (same
 *      article). Model choice: DESIGN.md's Blackwell $5 [S4] is the GB200 price, and GB300 gets +20 %.
 * [S8] GB200 and GB300 NVL72 racks are direct-to-chip liquid-cooled (NVIDIA GB200 NVL72 product page:
 *      "liquid-cooled, rack-scale"); HGX H100 servers ship air-cooled (NVIDIA DGX H100 datasheet).
 *
 * Rental propensity (the long-run share of a hall rented to outside customers) is a model choice:
 * - Ohio's H100 halls are the older capacity rented out most (DESIGN.md): 0.65–0.75.
 * - Meta-owned Blackwell halls keep most capacity for Meta's own training; only inference and mixed
 *   halls sell some spare hours: 0.02–0.15.
 * - Texas and Missouri are Crusoe campuses leased to Meta. Meta leases capacity because it needs the
 *   compute itself and cannot build fast enough; a lessee reselling leased GPUs is bound by the lease and
 *   earns back less than the lease costs, so only a sliver is rented out again (short-term resale of
 *   idle inference capacity): training 1 %, mixed 3 %, inference 5 %, ≈ 2–3 % of each site.
 */

const hall = (
  id: string,
  gpuModel: string,
  racks: number,
  workload: Workload,
  rentalPropensity: number,
): HallConfig => ({
  id,
  name: id.replace(/^h(\d+)$/, 'Hall $1'),
  gpuModel,
  racks,
  workload,
  rentalPropensity,
});

export const defaultFleet: FleetConfig = {
  name: 'Meta AI campuses (simulated)',
  gpuModels: [
    {
      id: 'gb200',
      name: 'NVIDIA GB200 NVL72',
      tdpW: 1200, // [S1]
      provisionedW: 960, // [S1] 80 % of TDP
      idleW: 100, // [S3] upper end: Blackwell boards idle higher than Hopper
      gpusPerRack: 72, // [S1] NVL72
      rackKw: 132, // [S1] top of the 120–132 kW band, so the simulator never under-states load
      pricePerGpuHourUsd: 5, // [S4]
      priceAsOf: '2026',
      priceSource: 'Blackwell ≈ $5 per GPU-hour, 2026 market quotes',
      cooling: 'liquid', // [S8]
    },
    {
      id: 'gb300',
      name: 'NVIDIA GB300 NVL72',
      tdpW: 1400, // [S5]
      provisionedW: 1120, // assumption: provisioned at 80 % of TDP as for GB200 [S1]
      idleW: 100, // [S3]
      gpusPerRack: 72, // [S5] NVL72
      rackKw: 135, // [S5] assumption
      pricePerGpuHourUsd: 6, // [S7] GB200's $5 [S4] + 20 % Blackwell Ultra premium
      priceAsOf: '2026',
      priceSource: 'Blackwell ≈ $5 + 20 % Blackwell Ultra premium (B300 vs B200 quotes), 2026',
      cooling: 'liquid', // [S8]
    },
    {
      id: 'h100',
      name: 'NVIDIA H100 SXM',
      tdpW: 700, // [S2]
      provisionedW: 700, // [S2] Hopper nodes are provisioned at TDP
      idleW: 70, // [S3]
      gpusPerRack: 32, // four 8-GPU HGX nodes per air-cooled rack
      rackKw: 40.8, // [S2] 4 × 10.2 kW
      pricePerGpuHourUsd: 2.35, // [S4]
      priceAsOf: '2026',
      priceSource: 'H100 ≈ $2.35 per GPU-hour, 1-year contracts, 2026',
      cooling: 'air', // [S8]
    },
  ],
  sites: [
    {
      id: 'louisiana',
      name: 'Louisiana',
      campus: 'Hyperion, Richland Parish LA',
      operator: 'Meta',
      timezone: 'America/Chicago',
      itCapacityMw: 250, // [S6] phase 1; 2 GW planned by 2030
      powerCapMw: 290, // 250 MW IT × 1.15 design PUE, rounded up
      pueDesign: { min: 1.1, max: 1.15 }, // [S6]
      climate: { annualMeanC: 19.5, annualAmpC: 8.5, dailyAmpC: 5.5, humidity: 0.9 },
      notes: 'Hot and humid: PUE rises on summer afternoons.',
      halls: [
        hall('h1', 'gb200', 240, 'training', 0.04),
        hall('h2', 'gb200', 240, 'training', 0.04),
        hall('h3', 'gb200', 240, 'training', 0.04),
        hall('h4', 'gb200', 240, 'training', 0.04),
        hall('h5', 'gb200', 240, 'mixed', 0.1),
        hall('h6', 'gb300', 230, 'training', 0.02),
        hall('h7', 'gb300', 230, 'inference', 0.05),
        hall('h8', 'gb300', 230, 'training', 0.02),
      ],
    },
    {
      id: 'ohio',
      name: 'Ohio',
      campus: 'Prometheus, New Albany OH',
      operator: 'Meta',
      timezone: 'America/New_York',
      itCapacityMw: 600, // [S6] 1 GW cluster planned 2026
      powerCapMw: 660, // 600 MW IT × 1.10 design PUE
      pueDesign: { min: 1.08, max: 1.1 }, // [S6]
      climate: { annualMeanC: 11.5, annualAmpC: 12.5, dailyAmpC: 5, humidity: 0.6 },
      notes: 'H100 halls are the ones rented out most.',
      halls: [
        hall('h1', 'gb200', 377, 'training', 0.05),
        hall('h2', 'gb200', 377, 'training', 0.05),
        hall('h3', 'gb200', 377, 'training', 0.05),
        hall('h4', 'gb200', 377, 'training', 0.05),
        hall('h5', 'gb200', 377, 'training', 0.05),
        hall('h6', 'gb200', 377, 'training', 0.05),
        hall('h7', 'gb200', 377, 'mixed', 0.15),
        hall('h8', 'gb200', 377, 'mixed', 0.15),
        hall('h9', 'gb200', 377, 'inference', 0.1),
        hall('h10', 'gb200', 377, 'inference', 0.1),
        hall('h11', 'h100', 833, 'mixed', 0.75),
        hall('h12', 'h100', 833, 'mixed', 0.7),
        hall('h13', 'h100', 833, 'inference', 0.65),
      ],
    },
    {
      id: 'texas',
      name: 'Texas',
      campus: 'Childress TX',
      operator: 'Crusoe, leased to Meta',
      timezone: 'America/Chicago',
      itCapacityMw: 750, // [S6] Texas + Missouri ≈ 1.6 GW reported together
      powerCapMw: 940, // 750 MW IT × 1.25 design PUE
      pueDesign: { min: 1.15, max: 1.25 }, // [S6]
      climate: { annualMeanC: 16.5, annualAmpC: 11, dailyAmpC: 8, humidity: 0.35 },
      // Leased for Meta's own use: little is rented out again (see the note on rental propensity above).
      halls: [
        hall('h1', 'gb200', 474, 'training', 0.01),
        hall('h2', 'gb200', 474, 'training', 0.01),
        hall('h3', 'gb200', 474, 'training', 0.01),
        hall('h4', 'gb200', 474, 'mixed', 0.03),
        hall('h5', 'gb200', 474, 'inference', 0.05),
        hall('h6', 'gb200', 474, 'inference', 0.05),
        hall('h7', 'gb300', 460, 'training', 0.01),
        hall('h8', 'gb300', 460, 'training', 0.01),
        hall('h9', 'gb300', 460, 'training', 0.01),
        hall('h10', 'gb300', 460, 'training', 0.01),
        hall('h11', 'gb300', 460, 'mixed', 0.03),
        hall('h12', 'gb300', 460, 'inference', 0.05),
      ],
    },
    {
      id: 'missouri',
      name: 'Missouri',
      campus: 'Warrenton MO',
      operator: 'Crusoe, leased to Meta',
      timezone: 'America/Chicago',
      itCapacityMw: 600, // [S6]
      powerCapMw: 720, // 600 MW IT × 1.20 design PUE
      pueDesign: { min: 1.12, max: 1.2 }, // [S6]
      climate: { annualMeanC: 13, annualAmpC: 13, dailyAmpC: 6.5, humidity: 0.65 },
      // Leased for Meta's own use: little is rented out again (see the note on rental propensity above).
      halls: [
        hall('h1', 'gb200', 455, 'training', 0.01),
        hall('h2', 'gb200', 455, 'training', 0.01),
        hall('h3', 'gb200', 455, 'training', 0.01),
        hall('h4', 'gb200', 455, 'mixed', 0.03),
        hall('h5', 'gb200', 455, 'inference', 0.05),
        hall('h6', 'gb300', 445, 'training', 0.01),
        hall('h7', 'gb300', 445, 'training', 0.01),
        hall('h8', 'gb300', 445, 'training', 0.01),
        hall('h9', 'gb300', 445, 'mixed', 0.03),
        hall('h10', 'gb300', 445, 'inference', 0.05),
      ],
    },
  ],
};
