/**
 * How many cases a property test tries. CI keeps the defaults (a few seconds per vendor);
 * `SWITCHBOARD_PROPERTY_RUNS=100000` runs every property that many times for a long local search,
 * and `SWITCHBOARD_PROPERTY_SEED` replays a failure that fast-check reported.
 */
import fc from 'fast-check';

export function propertyRuns(defaultRuns: number): number {
  const raw = process.env['SWITCHBOARD_PROPERTY_RUNS'];
  if (raw === undefined || raw === '') return defaultRuns;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`Expected SWITCHBOARD_PROPERTY_RUNS to be a whole number >= 1, got ${JSON.stringify(raw)}.`);
  return runs;
}

/** fast-check parameters: the number of runs, and the seed to replay when one is given. */
export function propertyParameters(defaultRuns: number): fc.Parameters<unknown> {
  const seed = process.env['SWITCHBOARD_PROPERTY_SEED'];
  return { numRuns: propertyRuns(defaultRuns), ...(seed ? { seed: Number(seed) } : {}) };
}
