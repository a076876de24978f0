/** The shared vendor fixtures as starting points for generated inputs, one list of parsed bodies per vendor. */
import type { Vendor } from '../../../src/vendors/types.js';
import { fixtureBytes, loadManifest } from '../manifest.js';

/** The relay's default SWITCHBOARD_MAX_BODY_BYTES: a larger body is refused before it is parsed. */
const BODY_LIMIT = 262_144;

/**
 * Every fixture of `vendor` that is valid JSON within the default body limit (good and bad ones:
 * both are shapes a vendor sends; the oversized one never reaches a normalizer).
 */
export function seedBodies(vendor: Vendor): unknown[] {
  const bodies: unknown[] = [];
  for (const entry of loadManifest()) {
    const bytes = entry.vendor === vendor ? fixtureBytes(entry.file) : null;
    if (bytes === null || bytes.length > BODY_LIMIT) continue;
    try {
      bodies.push(JSON.parse(bytes.toString('utf8')));
    } catch {
      // not JSON (an HTML page, a truncated body): the HTTP property sends such bytes as they are
    }
  }
  if (bodies.length === 0) throw new Error(`No JSON fixtures for ${vendor} in fixtures/vendors/manifest.json.`);
  return bodies;
}

/** Every key that occurs anywhere in `bodies`: mutations reuse them so generated fields hit the vendor's rules. */
export function keysOf(bodies: readonly unknown[]): string[] {
  const keys = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        keys.add(key);
        visit(child);
      }
    }
  };
  bodies.forEach(visit);
  return [...keys].sort();
}

/** Every raw fixture file of `vendor` and of any vendor, JSON or not, as bytes. */
export function seedBytes(vendor: Vendor): Buffer[] {
  return loadManifest()
    .filter((entry) => entry.vendor === vendor || entry.vendor === 'any')
    .map((entry) => fixtureBytes(entry.file));
}
