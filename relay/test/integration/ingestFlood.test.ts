/**
 * Issue #12, item 6: a flood of wrong-token or unknown-source requests is throttled before it
 * writes anything, never locks out the vendor holding the right token, and never pushes the
 * source's genuine refusals out of `GET /sources/:id/rejections`. Over real HTTP on loopback.
 */
import { INGEST_FAILED_AUTH_PER_ADDRESS, INGEST_FAILED_AUTH_PER_SOURCE } from '../../src/auth/failedAuth.js';
import { UNAUTHENTICATED_REJECTIONS_KEPT } from '../../src/store/rejectionBuckets.js';
import { fixtureBytes } from '../support/manifest.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';

const booking = fixtureBytes('clarky/booking_confirmed.json');
const json = { 'content-type': 'application/json' };

let relay: TestRelay;
beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(async () => relay.stop());

async function post(url: string, body: string | Buffer = booking): Promise<{ status: number; retryAfter: string | null; code: string | undefined }> {
  const res = await fetch(url, { method: 'POST', headers: json, body });
  const parsed = (await res.json()) as { error?: { code?: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code: parsed.error?.code };
}

function tally(results: Array<{ status: number }>): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

test('150 wrong-token requests to a known source: the excess gets 429, the genuine invalid_json stays listed, the right token still works', async () => {
  const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'flooded' })).body;
  expect(await post(source.ingest_url, '{"oops"')).toMatchObject({ status: 400, code: 'invalid_json' });

  const flood = await Promise.all(Array.from({ length: 150 }, (_, i) => post(`${source.ingest_base_url}/wrong-${i}`)));
  const counts = tally(flood);
  expect(counts[401]).toBe(INGEST_FAILED_AUTH_PER_SOURCE);
  expect(counts[429]).toBe(150 - INGEST_FAILED_AUTH_PER_SOURCE);
  for (const refused of flood.filter((r) => r.status === 429)) {
    expect(refused.code).toBe('rate_limited');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
  }

  const rejections = (await relay.api('GET', `/sources/${source.id}/rejections`)).body.data as Array<{ code: string }>;
  expect(rejections.map((r) => r.code)).toContain('invalid_json');
  expect(rejections.filter((r) => r.code === 'invalid_token')).toHaveLength(UNAUTHENTICATED_REJECTIONS_KEPT);
  expect(rejections.filter((r) => r.code === 'rate_limited')).toHaveLength(0);

  expect(await post(source.ingest_url)).toMatchObject({ status: 202 });
});

test('unknown source ids from one address are throttled per address, and the address can still deliver with a right token', async () => {
  const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'neighbour' })).body;
  const probes = await Promise.all(Array.from({ length: 100 }, (_, i) => post(`${relay.url}/in/src_guess${i}/token`)));
  const counts = tally(probes);
  expect(counts[404]).toBe(INGEST_FAILED_AUTH_PER_ADDRESS);
  expect(counts[429]).toBe(100 - INGEST_FAILED_AUTH_PER_ADDRESS);
  expect(await post(source.ingest_url)).toMatchObject({ status: 202 });
  expect(await post(`${source.ingest_base_url}/wrong`)).toMatchObject({ status: 429, code: 'rate_limited' });
  expect((await relay.api('GET', `/sources/${source.id}/rejections`)).body.data).toEqual([]);
});
