import { UNAUTHENTICATED_REJECTIONS_KEPT } from '../rejectionBuckets.js';
import { REJECTION_BODY_LIMIT, type RejectionRecord } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

function rejection(id: string, sourceId = 'src_a', excerpt = '{"oops"', code = 'invalid_json'): RejectionRecord {
  return {
    id,
    source_id: sourceId,
    received_at: NOW.toISOString(),
    method: 'POST',
    status: 400,
    code,
    reason: 'Body is not JSON',
    content_type: 'application/json',
    body_excerpt: excerpt,
    body_bytes: excerpt.length,
    headers: { 'user-agent': 'vendor/1.0' },
  };
}

describe.each(storeKinds())('%s store: rejections', (kind) => {
  describe('with 3 kept per source', () => {
    const t = useTestStore(kind, 'each', { limits: { rejectionsPerSource: 3 } });

    it('keeps only the newest rejectionsPerSource per source, newest first, even when concurrent', async () => {
      const { store } = t();
      await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => store.addRejection(rejection(id))));
      await store.addRejection(rejection('other', 'src_b'));
      expect((await store.listRejections('src_a', 10)).map((r) => r.id)).toEqual(['r5', 'r4', 'r3']);
      expect((await store.listRejections('src_a', 2)).map((r) => r.id)).toEqual(['r5', 'r4']);
      expect(await store.listRejections('src_b', 10)).toEqual([rejection('other', 'src_b')]);
    });

    it('keeps wrong-token and missing-token refusals in their own small bucket, which never pushes out the others', async () => {
      const { store } = t();
      await store.addRejection(rejection('genuine'));
      for (let i = 0; i < 30; i++) await store.addRejection(rejection(`bad${i}`, 'src_a', '', i % 2 ? 'invalid_token' : 'missing_token'));
      const kept = await store.listRejections('src_a', 100);
      expect(kept.filter((r) => r.code !== 'invalid_json')).toHaveLength(UNAUTHENTICATED_REJECTIONS_KEPT);
      expect(kept[0]?.id).toBe('bad29');
      expect(kept.at(-1)?.id).toBe('genuine');
    });

    it('trims the authenticated bucket without touching the unauthenticated one', async () => {
      const { store } = t();
      await store.addRejection(rejection('tok', 'src_a', '', 'invalid_token'));
      for (const id of ['r1', 'r2', 'r3', 'r4']) await store.addRejection(rejection(id));
      expect((await store.listRejections('src_a', 10)).map((r) => r.id)).toEqual(['r4', 'r3', 'r2', 'tok']);
    });

    it('keeps the bound across a reopen and later refusals', async () => {
      for (const id of ['r1', 'r2', 'r3', 'r4']) await t().store.addRejection(rejection(id));
      const store = await t().reopen();
      await store.addRejection(rejection('r5'));
      expect((await store.listRejections('src_a', 10)).map((r) => r.id)).toEqual(['r5', 'r4', 'r3']);
    });
  });

  describe('with the default limits', () => {
    const t = useTestStore(kind);

    it('deletes the rejections of one source only', async () => {
      const { store } = t();
      await store.addRejection(rejection('r1', 'src_a'));
      await store.addRejection(rejection('r2', 'src_b'));
      await store.deleteRejections('src_a');
      expect(await store.listRejections('src_a', 10)).toEqual([]);
      expect(await store.listRejections('src_b', 10)).toHaveLength(1);
    });

    it('refuses a limit below 1', async () => {
      await expect(t().store.listRejections('src_a', 0)).rejects.toThrow('Expected `limit` to be an integer >= 1, got 0');
    });

    it('caps a body excerpt longer than the limit', async () => {
      const { store } = t();
      await store.addRejection(rejection('r1', 'src_a', 'x'.repeat(REJECTION_BODY_LIMIT + 100)));
      expect((await store.listRejections('src_a', 1))[0]?.body_excerpt).toHaveLength(REJECTION_BODY_LIMIT);
    });

    it('keeps a refused body holding binary noise, NUL included, without failing the write', async () => {
      const { store } = t();
      await store.addRejection(rejection('r1', 'src_a', 'a\u0000b\uFFFDc'));
      const [kept] = await store.listRejections('src_a', 1);
      expect(kept?.body_excerpt).toMatch(/^a.b\uFFFDc$/);
    });
  });
});
