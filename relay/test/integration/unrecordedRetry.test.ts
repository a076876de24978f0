/**
 * A manual retry whose record the store refuses (as a full disk does): the API answers 503
 * `storage_unavailable` with Retry-After at once (never a hang), the outcome is kept and recorded
 * in the background once the store takes it, and the delivery is not sent again meanwhile.
 */
import { fixtureBytes } from '../support/manifest.js';
import { eventually, startReceiver } from '../support/receiver.js';
import { startTestRelay } from '../support/relay.js';

test('manual retry with a failing record: 503 + Retry-After now, recorded later, sent once', async () => {
  const rx = await startReceiver();
  const relay = await startTestRelay();
  try {
    const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'retry' })).body;
    expect((await relay.api('POST', '/hooks', { target_url: `${rx.url}/in`, event_types: ['clarky.*'] })).status).toBe(201);
    const res = await fetch(source.ingest_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixtureBytes('clarky/message_sent.json') });
    const eventId = ((await res.json()) as { event_id: string }).event_id;
    const delivery = await eventually(async () => {
      const page = await relay.api('GET', `/deliveries?event_id=${eventId}`);
      const found = page.body.data[0] as { id: string; status: string } | undefined;
      return found?.status === 'succeeded' ? found : undefined;
    }, 10_000, 'the first delivery recorded');

    // The engine's store is this object: its next two records fail as on a full disk.
    const original = relay.store.recordAttempt.bind(relay.store);
    let refusals = 0;
    relay.store.recordAttempt = (write, now) => (refusals++ < 2 ? Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })) : original(write, now));
    const retry = await relay.api('POST', `/deliveries/${delivery.id}/retry`);
    expect({ status: retry.status, code: retry.body?.error?.code, retryAfter: retry.headers.get('retry-after') }).toEqual({ status: 503, code: 'storage_unavailable', retryAfter: expect.stringMatching(/^\d+$/) });

    await eventually(async () => {
      const page = await relay.api('GET', `/deliveries?event_id=${eventId}`);
      return (page.body.data[0] as { attempts: number }).attempts === 2 ? true : undefined;
    }, 10_000, 'the manual attempt recorded in the background');
    await new Promise((r) => setTimeout(r, 1_500)); // a resend would come with the next scans
    expect(rx.at('/in')).toHaveLength(2); // the first delivery and the manual retry, nothing more
    expect(refusals).toBe(3);
  } finally {
    await relay.stop();
    await rx.close();
  }
});
