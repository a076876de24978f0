/**
 * Issue #12 item 5, end to end: a relay whose data folder is a size-limited tmpfs filled to the
 * last byte refuses configuration changes with 503 `storage_unavailable` + Retry-After, and a
 * refused change is gone for good: not listed, not saved by the next successful write, not back
 * after a restart; a refused token rotation leaves the old token working. (Before the fix the
 * refused hook reappeared after a restart, active, and the plugin's retry made a second one.)
 * Needs root to mount the tmpfs and the embedded store (the lowdb file); skipped otherwise.
 */
import { mountTinyFs, type TinyFs } from '../../src/store/fullDiskTesting.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';
import { TEST_STORE } from '../support/testStore.js';

const REFUSED = { target_url: 'http://127.0.0.1:9/refused', event_types: ['clockwork.*'], name: 'Refused' };

async function ingest(relay: TestRelay, ingestUrl: string, firstUrl: string): Promise<number> {
  const res = await fetch(ingestUrl.replace(firstUrl, relay.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"contact.created"}' });
  return res.status;
}

describe('configuration changes on a full disk', () => {
  let disk: TinyFs | null = null;
  const running: TestRelay[] = [];
  beforeAll(async () => {
    if (TEST_STORE !== 'embedded') {
      process.stderr.write('configFullDisk skipped: it fills the embedded store\'s data folder (SWITCHBOARD_TEST_STORE=postgres).\n');
      return;
    }
    disk = await mountTinyFs('8m', 'configuration changes on a full disk');
  });
  afterAll(async () => {
    for (const relay of running) await relay.stop();
    await disk?.free();
    await disk?.unmount();
  });

  it('refuses a hook and a token rotation with 503, and neither exists after space returns and the relay restarts', async () => {
    if (!disk) return;
    const first = await startTestRelay({}, disk.dir);
    running.push(first);
    const source = (await first.api('POST', '/sources', { vendor: 'clarky', name: 'Desk' })).body as { id: string; ingest_url: string };
    const kept = await first.api('POST', '/hooks', { target_url: 'http://127.0.0.1:9/kept', event_types: ['clockwork.*'], name: 'Kept' });
    expect(kept.status).toBe(201);

    await disk.fill();
    const refused = await first.api('POST', '/hooks', REFUSED);
    expect({ status: refused.status, code: refused.body?.error?.code, retryAfter: refused.headers.get('retry-after') }).toEqual({
      status: 503,
      code: 'storage_unavailable',
      retryAfter: '30',
    });
    const rotation = await first.api('POST', `/sources/${source.id}/rotate-token`, {});
    expect({ status: rotation.status, code: rotation.body?.error?.code }).toEqual({ status: 503, code: 'storage_unavailable' });
    expect((await first.api('GET', '/hooks')).body.data.map((hook: { id: string }) => hook.id)).toEqual([kept.body.id]);

    await disk.free();
    expect((await first.api('PATCH', `/hooks/${kept.body.id}`, { name: 'Kept, renamed' })).status).toBe(200);
    expect(await ingest(first, source.ingest_url, first.url)).toBe(202);
    await first.stop();
    running.pop();

    const second = await startTestRelay({}, disk.dir);
    running.push(second);
    const hooks = (await second.api('GET', '/hooks')).body.data as { id: string; name: string }[];
    expect(hooks.map((hook) => [hook.id, hook.name])).toEqual([[kept.body.id, 'Kept, renamed']]);
    expect(await ingest(second, source.ingest_url, first.url)).toBe(202);
    // The plugin retries its refused subscribe: now it is created, once.
    expect((await second.api('POST', '/hooks', REFUSED)).status).toBe(201);
    expect((await second.api('GET', '/hooks')).body.data).toHaveLength(2);
  });
});
