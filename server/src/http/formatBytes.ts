const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 16384 → "16 KiB", 4194304 → "4 MiB", 1536 → "1.5 KiB": a limit as a person reads it. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return `${bytes} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  // One decimal at most, and none when the limit is a whole number of units.
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${UNITS[unit]}`;
}
