const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

// Longer than any duration a person types; keeps a hostile query value or env var from costing anything.
const MAX_LENGTH = 64;
// `ms` before `m` so "500ms" is not read as 500 minutes followed by garbage.
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*/gy;
const BARE = /^\d+(?:\.\d+)?$/;

export interface ParseDurationOptions {
  /**
   * What a bare number means. Default: nothing (refused), because "3600" in a config file could be
   * seconds or milliseconds. The wall display's hand-typed URLs (`interval=45`) have always meant seconds.
   */
  bareNumber?: 'seconds';
}

/**
 * "30s", "1m30s", "1h 30m", "500ms", "2d", "1.5h" → whole milliseconds; undefined when the text is not a
 * duration. One rule for every edge (server config, CLI flags, URL options), chosen where the old copies
 * disagreed:
 * - units ms, s, m, h, d, one or more parts in any order ("1m30s"), decimals allowed;
 * - case and spaces between parts are ignored (hand-typed URLs and env files);
 * - never negative, never more than Number.MAX_SAFE_INTEGER; rounded to whole ms.
 * Callers keep their own minimum and maximum.
 */
export function parseDuration(text: string, options: ParseDurationOptions = {}): number | undefined {
  const s = text.trim().toLowerCase();
  if (s === '' || s.length > MAX_LENGTH) return undefined;
  if (BARE.test(s)) return options.bareNumber === 'seconds' ? finite(Number(s) * 1000) : undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const m = PART.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2] as Unit];
  }
  return finite(total);
}

function finite(ms: number): number | undefined {
  const r = Math.round(ms);
  return Number.isSafeInteger(r) && r >= 0 ? r : undefined;
}
