import { chmod, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_STORE_LIMITS, openEmbeddedStore, type SourceRecord } from './index.js';
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

  it('works entirely in memory when dataDir is null', async () => {
    const store = await openEmbeddedStore({ dataDir: null, limits: DEFAULT_STORE_LIMITS });
    await store.createSource(source);
    await store.appendEvent(makeInsert(), NOW);
    expect(await store.listSources()).toHaveLength(1);
    expect(await store.countEvents()).toBe(1);
    expect(store.stats().transactions).toBe(1);
    await store.close();
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
    const logger = { warn: (_: object, msg: string) => void warnings.push(msg), error: (_: object, msg: string) => void warnings.push(msg) };
    const store = await openEmbeddedStore({ dataDir: root, limits: DEFAULT_STORE_LIMITS, logger });
    await store.close();
    expect(warnings).toEqual([expect.stringMatching(/readable by other users/)]);
  });
});
