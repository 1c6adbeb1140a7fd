import type { AlertEvent, AlertRule } from '../alerts.ts';
import type { HallConfig, SiteConfig } from '../fleetSchema.ts';
import type { RackBlock, SiteSample } from '../sampleSchema.ts';

export type RuleOf<K extends AlertRule['kind']> = Extract<AlertRule, { kind: K }>;

/**
 * One configured rule at work. The engine has already dropped stale, repeated and unknown-scope input,
 * so a runner sees each site's samples (and each hall's rack blocks) in increasing time order.
 */
export interface RuleRunner {
  onSample?(sample: SiteSample, site: SiteConfig, now: number, out: AlertEvent[]): void;
  onRacks?(block: RackBlock, site: SiteConfig, hall: HallConfig, out: AlertEvent[]): void;
  onClock?(now: number, out: AlertEvent[]): void;
}
