import { MINUTE_S, REPAIR_GPU_HW_S, REPAIR_HOST_S, REPAIR_NETWORK_S } from './modelConstants.ts';

/**
 * Root causes of unexpected interruptions with their shares, from the Llama 3 paper (Dubey et al. 2024,
 * Table 5) as quoted in DESIGN.md; the long tail of host components (SSD, PSU, chassis, IO board, CPU,
 * system memory, dependencies) is folded into "other" so the shares sum to 100 %.
 * Repair times (see modelConstants.ts for their source): GPU hardware needs a tray or board swap from
 * on-site spares (within about a day), network and host parts a same-day swap, software a node reboot (minutes).
 */
export const FAILURE_CAUSES = [
  { id: 'faulty-gpu', label: 'Faulty GPU', share: 0.3, repairS: REPAIR_GPU_HW_S },
  { id: 'gpu-hbm3', label: 'GPU HBM3 memory', share: 0.17, repairS: REPAIR_GPU_HW_S },
  { id: 'software-bug', label: 'Software bug', share: 0.13, repairS: [10 * MINUTE_S, 40 * MINUTE_S] },
  { id: 'network', label: 'Network switch/cable', share: 0.08, repairS: REPAIR_NETWORK_S },
  { id: 'host-maintenance', label: 'Host maintenance', share: 0.07, repairS: REPAIR_HOST_S },
  { id: 'gpu-sram', label: 'GPU SRAM memory', share: 0.045, repairS: REPAIR_GPU_HW_S },
  {
    id: 'gpu-system-processor',
    label: 'GPU system processor',
    share: 0.04,
    repairS: REPAIR_GPU_HW_S,
  },
  { id: 'nic', label: 'NIC', share: 0.03, repairS: REPAIR_NETWORK_S },
  {
    id: 'nccl-watchdog',
    label: 'NCCL watchdog timeout',
    share: 0.03,
    repairS: [10 * MINUTE_S, 30 * MINUTE_S],
  },
  {
    id: 'silent-data-corruption',
    label: 'Silent data corruption',
    share: 0.02,
    repairS: REPAIR_GPU_HW_S,
  },
  {
    id: 'gpu-thermal',
    label: 'GPU thermal interface + sensor',
    share: 0.015,
    repairS: REPAIR_GPU_HW_S,
  },
  {
    id: 'other',
    label: 'Other (host components, dependencies)',
    share: 0.07,
    repairS: REPAIR_HOST_S,
  },
] as const satisfies readonly {
  id: string;
  label: string;
  share: number;
  repairS: readonly [number, number];
}[];

export type FailureCause = (typeof FAILURE_CAUSES)[number]['id'];
export type FailureCauseInfo = (typeof FAILURE_CAUSES)[number];

const cumulative: number[] = [];
{
  let acc = 0;
  for (const c of FAILURE_CAUSES) {
    acc += c.share;
    cumulative.push(acc);
  }
}

/** Index into FAILURE_CAUSES for a uniform u in [0, 1). */
export function causeIndex(u: number): number {
  for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return i;
  // Float rounding can leave the running sum a hair under 1.
  return cumulative.length - 1;
}
