/**
 * The writer thread of the embedded store (WorkerWriter): writes commit in that thread and are
 * visible to this thread's own connection once they resolve; a write that fails is refused alone;
 * close() commits what is queued; a thread that dies fails what it held and is replaced.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DEFAULT_STORE_LIMITS } from '../limits.js';
import { makeInsert, makeTempDir } from '../storeTesting.js';
import { SqliteEventLog } from './eventLog.js';
import { openEventDatabase } from './schema.js';
import { WorkerWriter } from './writer.js';

const NOW = new Date('2026-03-03T15:01:10.000Z');

describe('WorkerWriter', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  let db: Database.Database;
  let writer: WorkerWriter;
  let log: SqliteEventLog;

  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'events.sqlite3');
    db = openEventDatabase(file);
    writer = await WorkerWriter.open({ file, limits: DEFAULT_STORE_LIMITS });
    log = new SqliteEventLog(db, DEFAULT_STORE_LIMITS, { writer });
  });
  afterEach(async () => {
    await log.close();
    await cleanup();
  });

  it('commits concurrent appends together, visible here as soon as they resolve', async () => {
    const inserts = Array.from({ length: 50 }, () => makeInsert());
    const outcomes = await Promise.all(inserts.map((insert) => log.appendEvent(insert, NOW)));
    expect(outcomes.every((o) => !o.duplicate)).toBe(true);
    expect(await log.countEvents()).toBe(50);
    expect((await log.getEvent(inserts[49]?.envelope.id ?? ''))?.envelope).toEqual(inserts[49]?.envelope);
    const stats = log.stats();
    expect(stats.jobs).toBe(50);
    expect(stats.transactions).toBeLessThan(50);
  });

  it('refuses a failing write alone, with the SQLite error code, and commits the others', async () => {
    const first = makeInsert();
    await log.appendEvent(first, NOW);
    const results = await Promise.allSettled([
      log.appendEvent(makeInsert(), NOW),
      log.appendEvent({ ...makeInsert(), envelope: first.envelope }, NOW), // same event id
      log.appendEvent(makeInsert(), NOW),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: expect.stringMatching(/UNIQUE/) });
    expect(await log.countEvents()).toBe(3);
  });

  it('close() commits every write made before it', async () => {
    const writes = Array.from({ length: 20 }, () => log.appendEvent(makeInsert(), NOW));
    await log.close();
    await Promise.all(writes);
    const check = new Database(file, { readonly: true });
    expect(check.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n).toBe(20);
    check.close();
    await expect(log.appendEvent(makeInsert(), NOW)).rejects.toThrow(/closed/);
  });

  it('after the thread dies, what it held fails with a reason and the next write starts a new thread', async () => {
    await log.appendEvent(makeInsert(), NOW);
    const held = log.appendEvent(makeInsert(), NOW);
    await writer.crashForTest();
    await expect(held).rejects.toThrow(/The event log writer stopped/);
    await log.appendEvent(makeInsert(), NOW);
    // The held write may or may not have committed before the crash; nothing else is missing.
    expect(await log.countEvents()).toBeGreaterThanOrEqual(2);
    expect(await log.countEvents()).toBeLessThanOrEqual(3);
  });

  it('refuses to start on a file it cannot open, naming it', async () => {
    await expect(WorkerWriter.open({ file: path.join(file, 'not-a-dir', 'x.sqlite3'), limits: DEFAULT_STORE_LIMITS })).rejects.toThrow(/x\.sqlite3/);
  });

  it('a process that closes the store exits normally once the thread is done, leaving no WAL behind', () => {
    // An idle writer thread is unreferenced (it must not keep a process alive); closing, it must
    // stay referenced until it has exited, or a process with nothing else to do ends mid-close
    // (Node's exit code 13, "unsettled top-level await").
    const built = fileURLToPath(new URL('../../../dist/store/embedded.js', import.meta.url));
    const limits = fileURLToPath(new URL('../../../dist/store/limits.js', import.meta.url));
    const dir = path.dirname(file);
    const script = `
      const { openEmbeddedStore } = await import(${JSON.stringify(built)});
      const { DEFAULT_STORE_LIMITS } = await import(${JSON.stringify(limits)});
      const store = await openEmbeddedStore({ dataDir: ${JSON.stringify(path.join(dir, 'child'))}, limits: DEFAULT_STORE_LIMITS });
      await store.close();
      console.log('closed');`;
    const scriptFile = path.join(dir, 'close.mjs');
    writeFileSync(scriptFile, script);
    const child = spawnSync(process.execPath, [scriptFile], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NODE_OPTIONS: '' } });
    expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }).toEqual({ status: 0, stdout: 'closed', stderr: '' });
    const files = readdirSync(path.join(dir, 'child'));
    expect(files).toContain('events.sqlite3');
    expect(files.filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
  });
});
