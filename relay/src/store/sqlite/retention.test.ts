import { makeInsert, openEventLog } from '../storeTesting.js';
import { REJECTION_BODY_LIMIT, type RejectionRecord } from '../types.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');
const DAY_MS = 86_400_000;

function rejection(id: string, sourceId = 'src_a', excerpt = '{"oops"'): RejectionRecord {
  return {
    id,
    source_id: sourceId,
    received_at: NOW.toISOString(),
    method: 'POST',
    status: 400,
    code: 'invalid_json',
    reason: 'Body is not JSON',
    content_type: 'application/json',
    body_excerpt: excerpt,
    body_bytes: excerpt.length,
    headers: { 'user-agent': 'vendor/1.0' },
  };
}

describe('SqliteEventLog rejections', () => {
  it('keeps only the newest rejectionsPerSource per source, newest first', async () => {
    const log = openEventLog(':memory:', { rejectionsPerSource: 3 });
    await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => log.addRejection(rejection(id))));
    await log.addRejection(rejection('other', 'src_b'));
    expect((await log.listRejections('src_a', 10)).map((r) => r.id)).toEqual(['r5', 'r4', 'r3']);
    expect((await log.listRejections('src_a', 2)).map((r) => r.id)).toEqual(['r5', 'r4']);
    expect(await log.listRejections('src_b', 10)).toEqual([rejection('other', 'src_b')]);
    log.close();
  });

  it('deletes the rejections of one source only', async () => {
    const log = openEventLog(':memory:');
    await log.addRejection(rejection('r1', 'src_a'));
    await log.addRejection(rejection('r2', 'src_b'));
    await log.deleteRejections('src_a');
    expect(await log.listRejections('src_a', 10)).toEqual([]);
    expect(await log.listRejections('src_b', 10)).toHaveLength(1);
    log.close();
  });

  it('refuses a limit below 1', async () => {
    const log = openEventLog(':memory:');
    await expect(log.listRejections('src_a', 0)).rejects.toThrow('Expected `limit` to be an integer >= 1, got 0');
    log.close();
  });

  it('caps a body excerpt longer than the limit', async () => {
    const log = openEventLog(':memory:');
    await log.addRejection(rejection('r1', 'src_a', 'x'.repeat(REJECTION_BODY_LIMIT + 100)));
    expect((await log.listRejections('src_a', 1))[0]?.body_excerpt).toHaveLength(REJECTION_BODY_LIMIT);
    log.close();
  });
});

describe('SqliteEventLog prune', () => {
  it('drops events received before the retention window and keeps the rest', async () => {
    const log = openEventLog(':memory:', { eventRetentionDays: 30 }, { pruneChunk: 2 });
    const old = [40, 35, 31].map((days) => makeInsert({ receivedAt: new Date(NOW.getTime() - days * DAY_MS) }));
    const recent = [29, 1].map((days) => makeInsert({ receivedAt: new Date(NOW.getTime() - days * DAY_MS) }));
    for (const insert of [...old, ...recent]) await log.appendEvent(insert, NOW);

    expect(await log.prune(NOW)).toEqual({ events: 3, dedupeKeys: 0, deliveries: 0, attempts: 0 });
    const left = (await log.listEvents({ limit: 10 })).events.map((e) => e.envelope.id);
    expect(left).toEqual(recent.map((insert) => insert.envelope.id).reverse());
    log.close();
  });

  it('drops the oldest events beyond eventRetentionMax, in chunks', async () => {
    const log = openEventLog(':memory:', { eventRetentionMax: 5 }, { pruneChunk: 2 });
    const inserts = Array.from({ length: 12 }, () => makeInsert({ receivedAt: NOW }));
    await Promise.all(inserts.map((insert) => log.appendEvent(insert, NOW)));

    expect(await log.prune(NOW)).toEqual({ events: 7, dedupeKeys: 0, deliveries: 0, attempts: 0 });
    const left = (await log.listEvents({ limit: 20 })).events.map((e) => e.envelope.id);
    expect(left).toEqual(inserts.slice(7).map((insert) => insert.envelope.id).reverse());
    expect(await log.prune(NOW)).toEqual({ events: 0, dedupeKeys: 0, deliveries: 0, attempts: 0 });
    log.close();
  });

  it('drops expired dedupe keys and keeps unexpired ones working', async () => {
    const log = openEventLog(':memory:', { dedupeTtlHours: 24 }, { pruneChunk: 2 });
    const dayAgo = new Date(NOW.getTime() - DAY_MS);
    for (const key of ['k1', 'k2', 'k3']) await log.appendEvent(makeInsert({ dedupeKeys: [key] }), dayAgo);
    const fresh = makeInsert({ dedupeKeys: ['k4'] });
    await log.appendEvent(fresh, NOW);

    expect(await log.prune(NOW)).toEqual({ events: 0, dedupeKeys: 3, deliveries: 0, attempts: 0 });
    expect(await log.appendEvent(makeInsert({ dedupeKeys: ['k4'] }), NOW)).toEqual({
      duplicate: true,
      eventId: fresh.envelope.id,
    });
    log.close();
  });
});
