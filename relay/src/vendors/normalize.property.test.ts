/**
 * Properties of the four vendor normalizers over thousands of generated inputs: mutated shared
 * fixtures (test/support/fuzz) and arbitrary JSON. `SWITCHBOARD_PROPERTY_RUNS` sets the run count
 * for a longer local search; `SWITCHBOARD_PROPERTY_SEED` replays a reported failure.
 */
import fc from 'fast-check';
import { AppError } from '../errors.js';
import { toEnvelope } from '../events/toEnvelope.js';
import { checkEnvelopeSize, envelopeBound } from '../ingest/envelopeBound.js';
import { keysOf, seedBodies } from '../../test/support/fuzz/seeds.js';
import { stringLeaves, updateAt } from '../../test/support/fuzz/leaves.js';
import { mutatedBody, toWire } from '../../test/support/fuzz/mutate.js';
import { propertyParameters } from '../../test/support/fuzz/runs.js';
import { VENDOR_MODULES } from './index.js';
import { VENDORS, type NormalizeResult, type Vendor } from './types.js';

const RECEIVED = new Date('2026-03-03T15:01:09.250Z');
/** The largest source the admin API allows: a 200-character name, every character serialized as a 6-byte escape. */
const SOURCE = { id: 'src_01JNQ8Z4W6T2X9R5B7K3M1P0HD', name: '\u0001'.repeat(200) };

function normalize(vendor: Vendor, body: unknown): NormalizeResult {
  return VENDOR_MODULES[vendor].normalize(body, { receivedAt: RECEIVED });
}

/** Everything a normalizer promises for one body; throws (failing the property) when one does not hold. */
function checkContract(vendor: Vendor, body: unknown): void {
  const sent = JSON.stringify(body);
  const result = normalize(vendor, body);
  expect(JSON.stringify(body)).toBe(sent); // the input is not mutated
  expect(fingerprint(normalize(vendor, toWire(body)))).toBe(fingerprint(result)); // deterministic
  if (!result.ok) {
    // A typed refusal the vendor code chose, never the guard's `internal` for an exception.
    expect(result.error).toBeInstanceOf(AppError);
    expect(result.error.status).toBeGreaterThanOrEqual(400);
    expect(result.error.status).toBeLessThan(500);
    expect(result.error.message.length).toBeLessThan(500);
    return;
  }
  const envelope = toEnvelope(result.value, { id: 'evt_01JNQ8Z4W6T2X9R5B7K3M1P0HD', vendor, source: SOURCE, receivedAt: RECEIVED, cataloged: false });
  const serialized = JSON.stringify(envelope);
  expect(notPlainJson(envelope, '')).toBeNull();
  expect(Buffer.byteLength(serialized)).toBeLessThanOrEqual(envelopeBound(Buffer.byteLength(sent)));
  expect(() => checkEnvelopeSize(envelope, Buffer.byteLength(sent))).not.toThrow();
  expect(result.value.warnings.length).toBeLessThanOrEqual(20);
}

/** A result as text: the same text for two runs means the same result (toStrictEqual trips over own `constructor` keys). */
function fingerprint(result: NormalizeResult): string {
  return JSON.stringify(result.ok ? result.value : { code: result.error.code, message: result.error.message, field: result.error.field });
}

/** The path of the first part of `value` that JSON would not carry unchanged (undefined, NaN, a Date, a class instance), or null. */
function notPlainJson(value: unknown, path: string): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = notPlainJson(value[i], `${path}[${i}]`);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return path;
  for (const key of Object.keys(value)) {
    const bad = notPlainJson((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (bad !== null) return bad;
  }
  return null;
}

describe.each(VENDORS)('%s normalize', (vendor) => {
  const seeds = seedBodies(vendor);
  const keys = keysOf(seeds);

  test('keeps its contract for every fixture', () => {
    for (const seed of seeds) checkContract(vendor, seed);
  });

  test('keeps its contract when any one string field grows by 5,000 multi-byte or escaped characters', () => {
    // The URL parser writes `€` as 9 characters (inserted three quarters in: inside a URL's path, not
    // after its `#`); JSON writes U+0001 as 6 bytes (appended): growth hides in copies of fields.
    const variants = [{ extra: '€'.repeat(5000), where: 0.75 }, { extra: '\u0001'.repeat(5000), where: 1 }];
    for (const seed of seeds) {
      for (const route of stringLeaves(seed)) {
        for (const { extra, where } of variants) {
          const grow = (old: unknown): string => {
            const text = String(old);
            const at = Math.floor(text.length * where);
            return text.slice(0, at) + extra + text.slice(at);
          };
          checkContract(vendor, updateAt(seed, route, grow));
        }
      }
    }
  });

  test('keeps its contract for mutated fixtures', () => {
    fc.assert(fc.property(mutatedBody(seeds, keys), (body) => checkContract(vendor, body)), propertyParameters(1500));
  });

  test('keeps its contract for mutated fixtures with huge keys, long strings and long arrays', () => {
    fc.assert(fc.property(mutatedBody(seeds, keys, true), (body) => checkContract(vendor, body)), propertyParameters(40));
  });

  test('keeps its contract for arbitrary JSON', () => {
    const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 })));
    fc.assert(fc.property(anyJson, (body) => checkContract(vendor, toWire(body))), propertyParameters(500));
  });
});
