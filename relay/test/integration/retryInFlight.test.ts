/**
 * Issue #12, item 3: 140 concurrent "retry now" calls on one delivery once wedged delivery for
 * every subscription (the in-flight count stuck at 139, above the global limit of 128, so no lane
 * was ever filled again) and gave its attempts duplicate numbers. Now a retry of a delivery that
 * has an attempt in flight answers 409 `conflict`, the lanes balance back to zero, and the store
 * numbers every attempt.
 */
import { fixtureBytes } from '../support/manifest.js';
import { eventually, reply, startReceiver, type Receiver } from '../support/receiver.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';

const RETRIES = 140;
const SLOW_MS = 400;

let relay: TestRelay;
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver();
  relay = await startTestRelay({ SWITCHBOARD_DELIVERY_TIMEOUT_MS: '10000' });
});
afterAll(async () => {
  await relay.stop();
  await rx.close();
});

async function subscribedSource(path: string): Promise<{ ingest: string; hookId: string }> {
  const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: `src ${path}` })).body;
  const hook = await relay.api('POST', '/hooks', { target_url: `${rx.url}${path}`, event_types: ['clarky.*'], source_id: source.id, retry_enabled: false });
  expect(hook.status).toBe(201);
  return { ingest: source.ingest_url, hookId: hook.body.id };
}

async function send(ingest: string): Promise<void> {
  const res = await fetch(ingest, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixtureBytes('clarky/booking_confirmed.json') });
  expect(res.status).toBe(202);
}

async function onlyDelivery(hookId: string, status: string): Promise<{ id: string }> {
  return eventually(async () => {
    const [first] = (await relay.api('GET', `/hooks/${hookId}/deliveries?limit=5`)).body.data;
    return first?.status === status ? first : undefined;
  }, 20_000, `a ${status} delivery of ${hookId}`);
}

async function inFlightMetric(): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('switchboard_delivery_in_flight '));
  if (!line) throw new Error(`no switchboard_delivery_in_flight in /metrics:\n${text.slice(0, 500)}`);
  return Number(line.split(' ')[1]);
}

test(`${RETRIES} concurrent retries of one delivery: one attempt at a time, 409 for the rest, nothing wedged, distinct attempt numbers`, async () => {
  // A slow subscriber that refuses: every attempt is in flight for SLOW_MS and the delivery stays failed.
  rx.on('/slow', (_req, res) => setTimeout(() => reply(500)(_req, res), SLOW_MS));
  const slow = await subscribedSource('/slow');
  await send(slow.ingest);
  const delivery = await onlyDelivery(slow.hookId, 'failed');

  const answers = await Promise.all(Array.from({ length: RETRIES }, () => relay.api('POST', `/deliveries/${delivery.id}/retry`)));
  const byStatus = new Map<number, number>();
  for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  expect([...byStatus.keys()].sort()).toEqual(expect.arrayContaining([200]));
  expect([...byStatus.keys()].every((s) => s === 200 || s === 409)).toBe(true);
  const refused = answers.find((a) => a.status === 409);
  expect(refused?.body).toEqual({ error: { code: 'conflict', message: expect.stringMatching(new RegExp(`^Delivery ${delivery.id} has an attempt in flight; wait for it`)) } });

  await eventually(async () => ((await inFlightMetric()) === 0 ? true : undefined), 20_000, 'switchboard_delivery_in_flight back to 0');

  // Another subscription's fresh event is still delivered.
  const other = await subscribedSource('/other');
  await send(other.ingest);
  await rx.waitFor('/other', 1, 20_000);
  await onlyDelivery(other.hookId, 'succeeded');

  const stored = (await relay.api('GET', `/deliveries/${delivery.id}`)).body;
  const numbers: number[] = stored.attempts_log.map((a: { number: number }) => a.number);
  expect(numbers.length).toBe(1 + (byStatus.get(200) ?? 0));
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(stored.attempts).toBe(numbers.length);
  expect(rx.at('/slow').length).toBe(numbers.length);
}, 90_000);
