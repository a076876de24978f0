import type { StoreLimits } from './types.js';

/** Retention and bounds of the embedded store; every knob is documented in docs/storage.md. */
export const DEFAULT_STORE_LIMITS = {
  /** @default 30 */
  eventRetentionDays: 30,
  /** @default 1_000_000 */
  eventRetentionMax: 1_000_000,
  /** @default 72 (minimum 24: vendors retry for about a day) */
  dedupeTtlHours: 72,
  /** @default 100 */
  rejectionsPerSource: 100,
  /** @default 14 (pending deliveries are never pruned) */
  deliveryRetentionDays: 14,
} as const satisfies StoreLimits;

interface Bound {
  key: keyof StoreLimits;
  min: number;
  integer: boolean;
  /** `value > min` instead of `value >= min`. */
  exclusive?: boolean;
}

const BOUNDS: readonly Bound[] = [
  { key: 'eventRetentionDays', min: 0, integer: false, exclusive: true },
  { key: 'eventRetentionMax', min: 1, integer: true },
  { key: 'dedupeTtlHours', min: 24, integer: false },
  { key: 'rejectionsPerSource', min: 1, integer: true },
  { key: 'deliveryRetentionDays', min: 0, integer: false, exclusive: true },
];

/** Throws a RangeError naming the first bad field, e.g. ``Expected `dedupeTtlHours` to be a finite number >= 24, got 2``. */
export function validateStoreLimits(limits: StoreLimits): StoreLimits {
  for (const { key, min, integer, exclusive = false } of BOUNDS) {
    const value: unknown = limits[key];
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (integer ? Number.isInteger(value) : true) &&
      (exclusive ? value > min : value >= min);
    if (!ok) {
      const kind = integer ? 'an integer' : 'a finite number';
      const relation = exclusive ? `> ${min}` : `>= ${min}`;
      throw new RangeError(`Expected \`${key}\` to be ${kind} ${relation}, got ${String(value)}`);
    }
  }
  return { ...limits };
}
