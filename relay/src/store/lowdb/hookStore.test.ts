import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { makeHook } from '../deliveryTesting.js';
import { makeTempDir } from '../storeTesting.js';
import { emptyConfig, parseConfig, type ConfigData } from './configData.js';
import { LowConfigStore } from './configStore.js';
import { DurableJsonFile } from './durableFile.js';

const LATER = new Date('2026-03-05T00:00:00.000Z');

async function openAt(file: string): Promise<LowConfigStore> {
  const db = new Low<ConfigData>(new DurableJsonFile(file, { parse: parseConfig }), emptyConfig());
  await db.read();
  return new LowConfigStore(db);
}

describe('LowConfigStore hooks', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'config.json');
  });
  afterEach(() => cleanup());

  it('keeps created, updated and deleted hooks across a reopen', async () => {
    const store = await openAt(file);
    await store.createHook(makeHook('hook_1'));
    await store.createHook(makeHook('hook_2'));
    await store.updateHook('hook_1', { active: false, disabled_reason: 'too many failures' }, LATER);
    expect(await store.deleteHook('hook_2')).toBe(true);

    const reopened = await openAt(file);
    expect(await reopened.listHooks()).toEqual([
      makeHook('hook_1', { active: false, disabled_reason: 'too many failures', updated_at: LATER.toISOString() }),
    ]);
  });

  it('keeps all of 30 concurrent creates', async () => {
    const store = await openAt(file);
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.createHook(makeHook(`hook_${i}`))));
    expect(await (await openAt(file)).listHooks()).toHaveLength(30);
  });
});

describe('config file version 1', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'config.json');
  });
  afterEach(() => cleanup());

  const v1 = {
    version: 1,
    sources: [{ id: 'src_1', vendor: 'clarky', name: 'Desk' }],
    api_keys: [{ id: 'key_1', hash: 'b'.repeat(64) }],
  };

  it('opens with its sources and keys and no hooks', async () => {
    await writeFile(file, JSON.stringify(v1));
    const store = await openAt(file);
    expect(await store.listHooks()).toEqual([]);
    expect((await store.listSources()).map((source) => source.id)).toEqual(['src_1']);
    expect((await store.listApiKeys()).map((key) => key.id)).toEqual(['key_1']);
  });

  it('is written back as version 2 with the first change', async () => {
    await writeFile(file, JSON.stringify(v1));
    const store = await openAt(file);
    await store.createHook(makeHook('hook_1'));
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ version: 2, sources: v1.sources, api_keys: v1.api_keys });
    expect((await (await openAt(file)).listHooks()).map((hook) => hook.id)).toEqual(['hook_1']);
  });

  it('is upgraded by parseConfig, ignoring nothing else it holds', () => {
    expect(parseConfig(v1)).toEqual({ ...v1, version: 2, hooks: [] });
  });
});

describe('parseConfig version 2', () => {
  it.each([
    ['hooks missing', { version: 2, sources: [], api_keys: [] }, /`hooks` to be an array, got nothing/],
    ['a hook without id', { version: 2, sources: [], api_keys: [], hooks: [{ target_url: 'x' }] }, /`hooks\[0\]`/],
    ['version 3', { version: 3, sources: [], api_keys: [], hooks: [] }, /version 3.*newer Switchboard.*up to 2/],
  ])('refuses %s', (_, value, message) => {
    expect(() => parseConfig(value)).toThrow(message);
  });
});
