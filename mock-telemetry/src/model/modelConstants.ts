/*
 * Every tunable of the model in one place, each with where it comes from. "DESIGN.md" means the
 * "Sourced figures for the simulator" list in /shared/DESIGN.md; "model choice" marks a value that no
 * source pins down and that was picked to give plausible, testable behaviour.
 */

export const MINUTE_S = 60;
export const HOUR_S = 3600;
export const DAY_S = 86_400;

// --- GPU failures -----------------------------------------------------------------------------------

/** Llama 3 paper (Dubey et al. 2024, §3.3.4): 419 unexpected interruptions in 54 days on 16,384 H100s ≈ 4.7e-4 per GPU-day (DESIGN.md). */
export const FAILURES_PER_GPU_DAY = 419 / (54 * 16_384);
/** Model choice: failures are drawn per 10-minute slot, fine enough that restarts land at any second. */
export const FAILURE_SLOT_S = 10 * MINUTE_S;
/*
 * Repair: how long a failed GPU stays out of service (detect and drain, a technician swaps the part, the
 * node is re-tested and returned). "When a GPU Dies in Production" (AM Compute, 2026,
 * amcompute.com/blog/when-a-gpu-dies-in-production): the hands-on swap takes 2–4 h and "if you keep
 * spares on-site, the full cycle takes under a day"; waiting for a part instead takes from the next
 * business day (advance replacement) to 3–14 business days. A hyperscaler keeps spares on site, so GPU
 * hardware is back within about a day: 6–30 h, mean 18 h (the swap plus diagnostics, and waiting for a
 * technician's round or for an NVL72 compute tray to be pulled). Cables, transceivers and NICs are
 * swapped from the same spares faster; a software fault needs only a reboot (model choice).
 */
/** GPU hardware (faulty GPU, HBM, SRAM, system processor, silent data corruption, thermal): tray/board swap. */
export const REPAIR_GPU_HW_S: readonly [number, number] = [6 * HOUR_S, 30 * HOUR_S];
/** Network switch/cable and NIC: reseat or swap a cable, transceiver or NIC from on-site spares. */
export const REPAIR_NETWORK_S: readonly [number, number] = [2 * HOUR_S, 12 * HOUR_S];
/** Host maintenance and other host parts (PSU, SSD, DIMM, CPU, chassis): a host repair, same day. */
export const REPAIR_HOST_S: readonly [number, number] = [4 * HOUR_S, 24 * HOUR_S];
/** The longest repair, which bounds the look-back of activeFailures (180 slots of 10 minutes). */
export const MAX_REPAIR_S = 30 * HOUR_S;
/*
 * Steady state, by Little's law (GPUs failed at any moment = failure rate × GPUs × mean repair time):
 * the Llama 3 cause mix (failureCauses.ts) gives a mean repair of ≈13.4 h, so the default fleet's
 * 1.215 M GPUs × 4.73e-4 per GPU-day ≈ 575 failures a day ≈ 24 an hour × 13.4 h ≈ 320 GPUs failed at any
 * moment (0.026 % of the fleet; the count is Poisson, ±18 at 1σ). Per site: Texas ≈ 107, Ohio ≈ 93,
 * Missouri ≈ 86, Louisiana ≈ 36. With the old "a few hours" repairs (mean ≈3.8 h) it was ≈ 90.
 */

// --- Synchronous training (Llama 3 paper, DESIGN.md) ------------------------------------------------

/**
 * DESIGN.md: square-ish power waves with a 1–10 s period. The lower bound is raised to 3 s because a
 * 1 Hz meter needs a sample in each phase of the wave: faster waves alias into a slow beat or vanish.
 */
export const TRAIN_PERIOD_S: readonly [number, number] = [3, 10];
/**
 * DESIGN.md: "tens of MW per 100k GPUs". 100k GB200 at ≈1.8 kW all-in is ≈180 MW, so a swing of
 * 12–32 % of GPU utilization moves the hall by roughly 20–55 MW per 100k GPUs (10–30 % of its load).
 */
export const TRAIN_SWING: readonly [number, number] = [0.12, 0.32];
/**
 * Model choice: compute overlaps most communication, so the high phase takes ~60 % of each step
 * (the wave is tanh(k·(sin + offset)); an offset of 0.3 keeps sin above −0.3 for 60 % of the period).
 */
export const TRAIN_DUTY_OFFSET = 0.3;
/** Model choice: utilization of the compute phase of a well-tuned synchronous job. */
export const TRAIN_PEAK_UTIL: readonly [number, number] = [92, 97];
/** DESIGN.md: training throughput varies by ±1–2 %. */
export const TRAIN_THROUGHPUT_VARIATION = 0.015;
/** DESIGN.md: checkpoint dips every 30–60 min. */
export const CHECKPOINT_INTERVAL_S: readonly [number, number] = [30 * MINUTE_S, 60 * MINUTE_S];
/** Model choice: a checkpoint write stalls compute for tens of seconds. */
export const CHECKPOINT_DIP_S: readonly [number, number] = [20, 60];
/** Llama 3 paper: power falls toward ~50 % during a checkpoint; 40 % utilization gives ≈50 % of GPU power. */
export const CHECKPOINT_UTIL_RATIO = 0.4;
/** DESIGN.md: after a failure the job restarts and power drops to near idle for several minutes. */
export const RESTART_S: readonly [number, number] = [3 * MINUTE_S, 10 * MINUTE_S];
/** Model choice: utilization while the job is down (GPUs powered, waiting). */
export const RESTART_UTIL = 2;
/** Model choice: detection + teardown before power actually drops, and warm-up back to full speed. */
export const RESTART_DROP_S = 5;
export const RESTART_RAMP_UP_S = 60;
/** Model choice: training halls keep ~85–97 % (here 87–97 %) of their non-rented GPUs busy with internal jobs. */
export const TRAIN_ALLOCATED: readonly [number, number] = [0.87, 0.97];
/** Model choice: a "mixed" hall splits its internal capacity between training and inference. */
export const MIXED_TRAIN_SHARE: readonly [number, number] = [0.4, 0.6];

// --- Inference (DESIGN.md: follows the day, ±20–35 %, weekday US-Eastern peak) -----------------------

/** Kept inside DESIGN.md's ±20–35 % so that noise cannot push the measured swing out of the band. */
export const INFERENCE_AMPLITUDE: readonly [number, number] = [0.22, 0.32];
/** Model choice: users' afternoon peak, in US-Eastern hours (the fixed offset below). */
export const INFERENCE_PEAK_HOUR_ET = 15;
export const US_EASTERN_OFFSET_H = -5;
/** Model choice: weekend traffic is lower than weekday traffic. */
export const INFERENCE_WEEKEND_FACTOR = 0.82;
/** Model choice: mean share of the inference pool that is allocated, and their mean utilization. */
export const INFERENCE_ALLOCATED_MEAN = 0.85;
export const INFERENCE_UTIL_MEAN = 78;

// --- Rental contracts -------------------------------------------------------------------------------

/** Model choice: each hall has a few customer slots whose contracts start and end independently. */
export const RENTAL_SLOTS = 3;
/**
 * Model choice: each slot's contracts turn over once per grid cell of 8–36 h (per hall and slot) at a
 * hashed hour inside the cell, so epochs last from RENTAL_MIN_EPOCH_H up to about three days, and the
 * epoch containing any hour is found from two cells, without scanning back.
 */
export const RENTAL_GRID_H: readonly [number, number] = [8, 36];
export const RENTAL_MIN_EPOCH_H = 2;
/** Model choice: the chance that a slot has a customer in a given epoch. */
export const RENTAL_ACTIVE_PROB = 0.8;
/** Model choice: never rent the whole hall; some capacity stays internal. */
export const RENTAL_MAX_SHARE = 0.95;
/** Model choice: customers' own jobs keep their GPUs between 55 and 92 % busy. */
export const RENTER_UTIL: readonly [number, number] = [55, 92];

// --- Weather, PUE and inlet temperature ---------------------------------------------------------------

/** Model choice: the warmest day of the year falls around 20 July (fraction 0.55 of the year). */
export const WARMEST_YEAR_FRACTION = 0.55;
/** Model choice: the daily maximum is mid-afternoon local time. */
export const WARMEST_HOUR_LOCAL = 15;
/** Model choice: weather fronts (±3 °C over days) and hourly wobble (±0.8 °C). */
export const FRONT_C = 3;
export const FRONT_PERIOD_S = 2.5 * DAY_S;
export const WOBBLE_C = 0.8;
export const WOBBLE_PERIOD_S = 4 * HOUR_S;
/**
 * Model choice: below ~10 °C (effective) the plant runs on free cooling and the weather adds nothing to
 * PUE; from there the cooling work per watt of heat climbs to its design maximum at ~34 °C.
 */
export const PUE_COOL_C = 10;
export const PUE_HOT_C = 34;
/*
 * PUE from IT load and weather. Facility overhead has a fixed part that does not follow the IT load
 * (lighting, controls, offices, transformer and UPS no-load losses, pumps and fans at their minimum speed)
 * and parts that scale with it (conversion losses, and cooling work, which scales with the heat removed
 * and climbs with the outdoor temperature): Rasmussen, "Electrical Efficiency Modeling for Data Centers",
 * Schneider Electric White Paper 113 (no-load vs proportional losses; "effect of under-loading" and
 * "effect of heat"). So PUE = 1 + proportional + fixed / IT + cooling(weather): spreading the fixed part
 * over less IT load (a job restart, a quiet night) raises PUE, hot humid afternoons raise it.
 * Each site's coefficients are fitted to its design band (DESIGN.md table): the bottom of the band at high
 * load in cold weather, the top at low load on the hottest afternoon (see sitePue.ts).
 */
/**
 * Model choice: the fixed share of the overhead at full load in cold weather (WP 113: no-load losses).
 * Hyperscale designs cut no-load losses (no double-conversion UPS), and Ohio's narrow 1.08–1.10 band caps
 * it: above ~0.55 the 60–85 % load swing alone would span the whole band, leaving nothing for weather.
 */
export const PUE_FIXED_SHARE = 0.3;
/**
 * IT load (share of installed IT) at which the band's bottom and top are reached: about the 99th and
 * 1st percentiles of the model's site load over a year (measured 0.84–0.85 and 0.58–0.63), so PUE spans
 * its band and only rare loads beyond them are held at its edges.
 */
export const PUE_LOAD_HIGH = 0.85;
export const PUE_LOAD_LOW = 0.6;
/** Model choice: humidity makes evaporative cooling less effective above ~18 °C (a wet-bulb proxy). */
export const HUMID_ONSET_C = 18;
export const HUMID_GAIN = 0.35;
/** ASHRAE TC 9.9 recommended inlet envelope tops out at 27 °C; the model stays in ~22–27 °C. */
export const INLET_BASE_C = 22.3;
export const INLET_HEAT_C = 2;
export const INLET_LOAD_C = 1.5;
export const INLET_RANGE_C: readonly [number, number] = [21.5, 27.5];
/** Model choice: rack position (end of row, near a CRAH) shifts a rack's inlet by up to ~±1 °C. */
export const RACK_INLET_SPREAD_C = 0.9;
/** Model choice: per-rack utilization spread around the class mean (work placement, thermals). */
export const RACK_UTIL_SPREAD = 0.04;

// --- Incidents (scenarios for demos, drills and recordings; all model choices) ----------------------

/**
 * Cooling failure (CRAH/chiller loss; in a liquid-cooled hall the CDUs fail too, see CDU_FAULT_* below):
 * each rack's inlet climbs by its peak rise over COOLING_HEAT_S, starting up to COOLING_DELAY_SPREAD_S
 * late; the racks that already run hottest (row ends, hot spots) start first and rise most. 24 °C + 10–12.5 °C ends near 35–38 °C, well past
 * ASHRAE A1's 32 °C allowable limit, within ~10 minutes as in documented CRAH-loss events.
 */
export const COOLING_HEAT_S = 7 * MINUTE_S;
export const COOLING_DELAY_SPREAD_S = 3 * MINUTE_S;
export const COOLING_RISE_C: readonly [number, number] = [10, 12.5];
/** Once cooling is back, inlets fall back to normal over this long. */
export const COOLING_RECOVERY_S = 10 * MINUTE_S;
/** Operators power-cap the hot hall a few minutes in: every GPU's utilization × (1 − depth). */
export const COOLING_THROTTLE_AFTER_S = 5 * MINUTE_S;
export const COOLING_THROTTLE_RAMP_S = 2 * MINUTE_S;
export const COOLING_THROTTLE_DEPTH = 0.35;
/** The cap is lifted gradually once cooling is restored. */
export const COOLING_THROTTLE_RELEASE_S = 5 * MINUTE_S;
/** The site's remaining cooling plant runs flat out: PUE moves this share of the way to its design max. */
export const COOLING_PUE_PUSH = 0.9;
/** A power surge ramps facility power to its target and back over this long. */
export const SURGE_RAMP_S = MINUTE_S;

// --- Liquid loop of direct-to-chip halls (GB200/GB300 NVL72; physics and sourced figures in shared's coolant.ts) ---

/*
 * Supply temperature on hot afternoons. The CDUs hold their supply at the setpoint (30 °C, COOLANT) by
 * trading heat with facility water, which dry coolers (with adiabatic assist) reject to outdoor air
 * (the chiller-less plants of ASHRAE TC 9.9's warm-water classes W32–W45). A dry cooler can only cool its
 * water to a few kelvin above the air, and the CDU's plate heat exchanger adds its own approach.
 * Assumptions (usual ranges 3–8 K and 2–4 K): 3 K at the adiabatic dry cooler and 3 K at the CDU, so
 * above ~24 °C outdoors the plant alone can no longer hold 30 °C. Trim (more spray, chiller assist)
 * catches most of the shortfall; model choice: supply drifts up 0.2 K per kelvin beyond it, at most 2 K
 * (an Ohio summer afternoon of ~32 °C lifts it ≈ 1.6 K).
 */
export const COOLANT_DRY_COOLER_LIMIT_C = 24;
export const COOLANT_SUPPLY_DRIFT_PER_C = 0.2;
export const COOLANT_SUPPLY_DRIFT_MAX_C = 2;
/** Model choice: each hall's CDUs sit a little off the nominal setpoint (calibration, control band). */
export const COOLANT_SUPPLY_OFFSET_C = 0.2;
/** Model choice: the supply control valve hunts by a few hundredths of a kelvin over minutes. */
export const COOLANT_SUPPLY_NOISE_C = 0.05;
export const COOLANT_SUPPLY_NOISE_PERIOD_S = 5 * MINUTE_S;
/** Model choice: CDU pumps run on differential-pressure control, so flow holds within ±0.3 % of design. */
export const COOLANT_FLOW_NOISE = 0.003;
export const COOLANT_FLOW_NOISE_PERIOD_S = 90;
/*
 * A cooling failure in a liquid-cooled hall is a CDU fault (model choices, sized to documented CDU
 * failure modes: a tripped pump, lost facility water). It follows the failure's severity
 * (coolingSeverity: ramps over the heating time, mirrors the recovery curve): the surviving pump, off
 * its curve against the loop's fixed resistance, moves 40 % of design flow at full severity; without
 * facility water the loop's supply warms by up to 8 K. Racks at the far ends of the manifolds (the most
 * exposed ones, see coolingRise) lose the most flow when the pressure drops: rack j's flow is the
 * hall's mean rack flow × (1 + skew × severity × (mean exposure − its exposure)), which keeps the racks'
 * flows summing to the hall's (at full severity the most exposed rack gets ≈ 60 % of the mean).
 */
export const CDU_FAULT_FLOW_FLOOR = 0.4;
export const CDU_FAULT_SUPPLY_RISE_C = 8;
export const CDU_FAULT_FLOW_SKEW = 0.8;
