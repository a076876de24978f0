import { chmod, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { failWrite, makeHook, newDelivery, successWrite } from './deliveryTesting.js';
import { DEFAULT_STORE_LIMITS, openEmbeddedStore, type DeliveryRecord, type SourceRecord } from './index.js';
import { makeInsert, makeTempDir } from './storeTesting.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

const source: SourceRecord = {
  id: 'src_a',
  vendor: 'clarky',
  name: 'Front desk',
  description: null,
  active: true,
  token_hash: 'a'.repeat(64),
  token_hint: 'abcd',
  previous_token_hash: null,
  previous_token_expires_at: null,
  created_at: NOW.toISOString(),
  updated_at: NOW.toISOString(),
};

describe('openEmbeddedStore', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir: root, cleanup } = await makeTempDir());
  });
  afterEach(() => cleanup());

  it('creates a missing data dir (0700) holding config.json and events.sqlite3', async () => {
    const dataDir = path.join(root, 'data');
    const store = await openEmbeddedStore({ dataDir, limits: DEFAULT_STORE_LIMITS });
    await store.createSource(source);
    await store.appendEvent(makeInsert(), NOW);
    await store.close();
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await readdir(dataDir)).sort()).toEqual(expect.arrayContaining(['config.json', 'events.sqlite3']));
    expect((await stat(path.join(dataDir, 'config.json'))).mode & 0o777).toBe(0o600);
  });

  it('keeps configuration and events across a reopen', async () => {
    const first = await openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS });
    const insert = makeInsert({ dedupeKeys: ['webhook-id:1'] });
    await first.createSource(source);
    await first.appendEvent(insert, NOW);
    await first.close();

    const second = await openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS });
    expect(await second.getSource('src_a')).toEqual(source);
    expect((await second.getEvent(insert.envelope.id))?.envelope).toEqual(insert.envelope);
    expect(await second.appendEvent(makeInsert({ dedupeKeys: ['webhook-id:1'] }), NOW)).toEqual({
      duplicate: true,
      eventId: insert.envelope.id,
    });
    await second.close();
  });

  it('keeps hooks, deliveries, attempts and hook health across a reopen', async () => {
    const first = await openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS });
    await first.createHook(makeHook('hook_a'));
    const insert = { ...makeInsert(), deliveries: [newDelivery('hook_a'), newDelivery('hook_a')] };
    await first.appendEvent(insert, NOW);
    const [ok, bad] = await Promise.all(insert.deliveries.map((d) => first.getDelivery(d.id)));
    await first.recordAttempt(failWrite(bad as DeliveryRecord, NOW), NOW);
    await first.recordAttempt(successWrite(ok as DeliveryRecord, NOW), new Date(NOW.getTime() + 1000));
    await first.close();

    const second = await openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS });
    expect(await second.listHooks()).toEqual([makeHook('hook_a')]);
    const page = await second.listDeliveries({ hookId: 'hook_a', limit: 10 });
    expect(page.deliveries.map((d) => [d.status, d.attempts_log.length])).toEqual([
      ['failed', 1],
      ['succeeded', 1],
    ]);
    expect(await second.deliveryCounts()).toEqual({ pending: 0, succeeded: 1, failed: 1, cancelled: 0 });
    expect(await second.consecutiveFailures('hook_a')).toBe(0);
    await second.close();

    const db = new Database(path.join(root, 'events.sqlite3'), { readonly: true });
    expect(db.prepare('SELECT * FROM hook_health').all()).toEqual([
      { hook_id: 'hook_a', consecutive_failures: 0, last_success_ms: NOW.getTime() + 1000, last_failure_ms: NOW.getTime() },
    ]);
    db.close();
  });

  it('commits appends still queued when close() is called', async () => {
    const store = await openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS });
    const pending = Array.from({ length: 20 }, () => store.appendEvent(makeInsert(), NOW));
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(20);

    const reopened = await openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS });
    expect(await reopened.countEvents()).toBe(20);
    await reopened.close();
  });

  it('is ready while open, not after close, and close is idempotent', async () => {
    const store = await openEmbeddedStore({ dataDir: null, limits: DEFAULT_STORE_LIMITS });
    expect(store.kind).toBe('embedded');
    expect(store.isReady()).toBe(true);
    await Promise.all([store.close(), store.close()]);
    await store.close();
    expect(store.isReady()).toBe(false);
    await expect(store.appendEvent(makeInsert(), NOW)).rejects.toThrow(/closed/);
  });

  it('works entirely in memory when dataDir is null', async () => {
    const store = await openEmbeddedStore({ dataDir: null, limits: DEFAULT_STORE_LIMITS });
    await store.createSource(source);
    await store.appendEvent(makeInsert(), NOW);
    expect(await store.listSources()).toHaveLength(1);
    expect(await store.countEvents()).toBe(1);
    expect(store.stats().transactions).toBe(1);
    await store.close();
  });

  it.each([
    ['dedupeTtlHours', 2, 'Expected `dedupeTtlHours` to be a finite number >= 24, got 2'],
    ['deliveryRetentionDays', 0, 'Expected `deliveryRetentionDays` to be a finite number > 0, got 0'],
  ])('refuses %s out of range, naming the field', async (key, value, message) => {
    const limits = { ...DEFAULT_STORE_LIMITS, [key]: value };
    await expect(openEmbeddedStore({ dataDir: null, limits })).rejects.toThrow(message);
  });

  it('refuses to start on a corrupt config.json instead of starting empty', async () => {
    await writeFile(path.join(root, 'config.json'), 'not json');
    await expect(openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS })).rejects.toThrow(
      /config\.json.*backup/s,
    );
  });

  it('refuses to start on a damaged events.sqlite3, naming it', async () => {
    await writeFile(path.join(root, 'events.sqlite3'), 'x'.repeat(4096));
    await expect(openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS })).rejects.toThrow(
      /events\.sqlite3.*backup/s,
    );
  });

  it('warns when the data dir is readable by other users', async () => {
    await chmod(root, 0o755);
    const warnings: string[] = [];
    const logger = { warn: (_: object, msg: string) => void warnings.push(msg) };
    const store = await openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS, logger });
    await store.close();
    expect(warnings).toEqual([expect.stringMatching(/readable by other users/)]);
  });
});
