/**
 * The app against the real relay on loopback: subscribe through the app, send a vendor sample to
 * the relay, catch the delivery on a stand-in for Zapier's hook endpoint, hand it to `perform`
 * as Zapier's backend would, unsubscribe, and see the relay subscription gone; plus the 410 path.
 */
import nock from 'nock';
import { CATALOG } from '../src/catalog/catalog';
import { isRecord, parseSubscribedHook, type SubscribedHook } from '../src/relay/parse';
import { startRelay, type RelayProcess } from './helpers/relayProcess';
import { readFixture } from './helpers/fixtures';
import { startStandIn, type StandIn } from './helpers/standIn';
import { appTester, hookOperation, zapierHookBundle } from './helpers/zapier';

let relay: RelayProcess;
let zapier: StandIn;
let authData: { relay_url: string; api_key: string };

beforeAll(async () => {
  // Real sockets on loopback only: no nock interception in this file.
  nock.restore();
  [relay, zapier] = await Promise.all([startRelay(), startStandIn()]);
  authData = { relay_url: relay.url, api_key: relay.apiKey };
});

afterAll(async () => {
  await Promise.all([relay?.stop(), zapier?.close()]);
});

async function createSource(vendor: string): Promise<{ id: string; ingest_url: string }> {
  const { status, body } = await relay.api('POST', '/sources', { vendor, name: `Zapier e2e ${vendor}` });
  if (status !== 201 || !isRecord(body) || typeof body['id'] !== 'string' || typeof body['ingest_url'] !== 'string') {
    throw new Error(`could not create a source: ${status} ${JSON.stringify(body)}`);
  }
  return { id: body['id'], ingest_url: body['ingest_url'] };
}

async function sendFixture(ingestUrl: string, fixture: string): Promise<string> {
  const response = await fetch(ingestUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: readFixture('vendors', fixture) });
  const body = (await response.json()) as { event_id?: string };
  if (response.status !== 202 || typeof body.event_id !== 'string') throw new Error(`ingest answered ${response.status} ${JSON.stringify(body)}`);
  return body.event_id;
}

function subscribed(value: unknown): SubscribedHook {
  const hook = parseSubscribedHook(value);
  if (!hook.ok) throw new Error(hook.error);
  return hook.value;
}

async function waitUntilGone(hookId: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if ((await relay.api('GET', `/hooks/${hookId}`)).status === 404) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hook ${hookId} still exists after 15 s`);
}

test("the bundled catalog is the relay's GET /event-types (regenerate with scripts/generate-catalog.mjs)", async () => {
  const { body } = await relay.api('GET', '/event-types');
  expect(body).toEqual({ data: CATALOG });
});

test('subscribe, deliver a vendor sample, verify it in perform, list it, unsubscribe', async () => {
  const source = await createSource('clarky');
  const trigger = hookOperation('clarky_event');
  const targetUrl = `${zapier.url}/hooks/standard/1/clarky`;

  const subscribeData = subscribed(
    await appTester(trigger.performSubscribe, { authData, targetUrl, inputData: { event_type: 'clarky.booking.confirmed', source_id: source.id } }),
  );
  expect(subscribeData).toMatchObject({ target_url: targetUrl, event_types: ['clarky.booking.confirmed'], source_id: source.id, secret: expect.stringMatching(/^whsec_/) });
  const hookId = subscribeData.id;

  const again = await appTester(trigger.performSubscribe, { authData, targetUrl, inputData: { event_type: 'clarky.booking.confirmed', source_id: source.id } });
  expect(again).toEqual(subscribeData);

  const eventId = await sendFixture(source.ingest_url, 'clarky/booking_confirmed.json');
  const caught = await zapier.next('/hooks/standard/1/clarky');
  expect(caught.headers['webhook-id']).toBe(eventId);

  const method = caught.method === 'PUT' || caught.method === 'PATCH' ? caught.method : 'POST';
  const items = await appTester(trigger.perform, { authData, subscribeData, ...zapierHookBundle({ ...caught, method }) });
  expect(items).toEqual([
    expect.objectContaining({
      id: eventId,
      type: 'clarky.booking.confirmed',
      source_id: source.id,
      person_email: 'ada@example.com',
      booking_id: 'bk_01JNQA3D5F7H9K1M3P5R7T9V1X',
    }),
  ]);

  const forged = zapierHookBundle({ ...caught, method, body: caught.body.replace('ada@example.com', 'eve@example.com') });
  await expect(appTester(trigger.perform, { authData, subscribeData, ...forged })).rejects.toMatchObject({ name: 'HaltedError' });

  const listed = await appTester(trigger.performList, { authData, inputData: { event_type: 'clarky.booking.confirmed', source_id: source.id } });
  expect(listed).toEqual([expect.objectContaining({ id: eventId, booking_id: 'bk_01JNQA3D5F7H9K1M3P5R7T9V1X' })]);

  await appTester(trigger.performUnsubscribe, { authData, subscribeData });
  expect((await relay.api('GET', `/hooks/${hookId}`)).status).toBe(404);
  expect((await relay.api('GET', `/hooks?target_url=${encodeURIComponent(targetUrl)}`)).body).toEqual({ data: [] });
});

test('when the stand-in answers 410 Gone, the relay drops the subscription', async () => {
  const source = await createSource('clockwork');
  const trigger = hookOperation('clockwork_invitation');
  const targetUrl = `${zapier.url}/hooks/standard/2/gone`;
  zapier.answer('/hooks/standard/2/gone', 410);

  const subscribeData = subscribed(await appTester(trigger.performSubscribe, { authData, targetUrl, inputData: {} }));
  const hookId = subscribeData.id;
  expect((await relay.api('GET', `/hooks/${hookId}`)).status).toBe(200);

  await sendFixture(source.ingest_url, 'clockwork/invitation_sent.json');
  await zapier.next('/hooks/standard/2/gone');
  await waitUntilGone(hookId);

  // Zapier still calls unsubscribe when the Zap is turned off: the hook is already gone, which is fine.
  expect(await appTester(trigger.performUnsubscribe, { authData, subscribeData })).toMatchObject({ result: 'already_gone' });
});
