/**
 * Property: no body makes the ingest path answer 5xx. Generated requests (mutated shared fixtures,
 * truncated and random bytes, nesting past the limit, bodies past the size limits) go over real
 * HTTP to a real relay and store; every answer is a coded 2xx or 4xx. Fewer runs than the pure
 * properties (src/vendors/normalize.property.test.ts): each is a round trip and a durable write.
 */
import fc from 'fast-check';
import { VENDORS, type Vendor } from '../../src/vendors/types.js';
import { mutatedBody } from '../support/fuzz/mutate.js';
import { propertyParameters } from '../support/fuzz/runs.js';
import { keysOf, seedBodies, seedBytes } from '../support/fuzz/seeds.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';

let relay: TestRelay;
const sources = new Map<Vendor, { id: string; ingest_url: string }>();

beforeAll(async () => {
  relay = await startTestRelay({ SWITCHBOARD_INGEST_RATE_LIMIT: '0' });
  for (const vendor of VENDORS) sources.set(vendor, (await relay.api('POST', '/sources', { vendor, name: `${vendor} fuzz` })).body);
});
afterAll(async () => relay.stop());

/** Bodies for one vendor, as bytes: mostly mutated fixtures, sometimes broken or oversized ones. */
function bodyFor(vendor: Vendor): fc.Arbitrary<Buffer> {
  const seeds = seedBodies(vendor);
  const keys = keysOf(seeds);
  const raw = seedBytes(vendor);
  const text = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<Buffer> => arbitrary.map((s) => Buffer.from(s, 'utf8'));
  return fc.oneof(
    { weight: 8, arbitrary: text(mutatedBody(seeds, keys).map((b) => JSON.stringify(b))) },
    { weight: 2, arbitrary: text(mutatedBody(seeds, keys, true).map((b) => JSON.stringify(b))) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...raw), fc.nat()).map(([bytes, cut]) => bytes.subarray(0, cut % (bytes.length + 1))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 60, max: 5000 })).map(([open, n]) => Buffer.from(open.repeat(n))) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 60_000 }).map((n) => Buffer.from(`{"event":"x","type":"x","event_name":"x","event_type":"x","id":"1","appointment_id":1,"n":[${'1e20,'.repeat(n)}1]}`)) },
    { weight: 1, arbitrary: text(fc.json()) },
  );
}

const request = fc.record({
  vendor: fc.constantFrom(...VENDORS),
  method: fc.constantFrom('POST', 'POST', 'PUT', 'PATCH'),
  contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'),
}).chain((r) => bodyFor(r.vendor).map((body) => ({ ...r, body })));

describe('ingest over HTTP', () => {
  test('never answers 5xx, whatever the body', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ vendor, method, contentType, body }) => {
        const url = sources.get(vendor)?.ingest_url ?? '';
        const res = await fetch(url, { method, headers: { 'content-type': contentType }, body });
        const answer = (await res.json()) as { event_id?: string; error?: { code: string } };
        seen.add(res.status);
        expect(res.status).toBeLessThan(500);
        expect(res.status < 300 ? typeof answer.event_id : typeof answer.error?.code).toBe('string');
      }),
      propertyParameters(150),
    );
    // The generator reaches the normalizers and the store, not only the early refusals.
    expect([...seen]).toEqual(expect.arrayContaining([202, 400, 415]));
  });

  test('what was stored and refused can still be read', async () => {
    for (const [vendor, source] of sources) {
      expect((await relay.api('GET', `/events?vendor=${vendor}&limit=500`)).status).toBe(200);
      expect((await relay.api('GET', `/sources/${source.id}/rejections`)).status).toBe(200);
    }
  });
});
