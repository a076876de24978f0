/** Concurrent API writes never lose each other, and everything reads back after a restart. */
import { rm } from 'node:fs/promises';
import { startTestRelay, tempDir } from '../support/relay.js';

test('30 concurrent source creations are all there after a restart', async () => {
  const dir = await tempDir();
  const first = await startTestRelay({}, dir);
  const created = await Promise.all(Array.from({ length: 30 }, (_v, i) => first.api('POST', '/sources', { vendor: 'clarky', name: `Source ${i}` })));
  expect(created.every((r) => r.status === 201)).toBe(true);
  await first.stop();

  const second = await startTestRelay({}, dir);
  const list = await second.api('GET', '/sources');
  expect(new Set(list.body.data.map((s: { id: string }) => s.id))).toEqual(new Set(created.map((r) => r.body.id)));
  const one = created[7]!.body;
  const res = await fetch(one.ingest_url.replace(first.url, second.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"contact.created"}' });
  expect(res.status).toBe(202);
  await second.stop();
  await rm(dir, { recursive: true, force: true });
});
