/** Durations in configs: `3d`, `12h`, `30m`, `1w`, or `0`. */

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of a duration like `3d`, or null when the text is not one. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = /^([0-9]{1,6})\s*(s|m|h|d|w)$/.exec(trimmed);
  if (match === null) return null;
  const unit = UNITS[match[2] ?? ''];
  return unit === undefined ? null : Number(match[1]) * unit;
}
