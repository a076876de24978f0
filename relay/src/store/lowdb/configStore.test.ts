import path from 'node:path';
import { Low } from 'lowdb';
import { makeTempDir } from '../storeTesting.js';
import type { ApiKeyRecord, SourceRecord } from '../types.js';
import { emptyConfig, parseConfig, type ConfigData } from './configData.js';
import { LowConfigStore } from './configStore.js';
import { DurableJsonFile } from './durableFile.js';

function source(id: string, overrides: Partial<SourceRecord> = {}): SourceRecord {
  return {
    id,
    vendor: 'clarky',
    name: `Source ${id}`,
    description: null,
    active: true,
    token_hash: 'a'.repeat(64),
    token_hint: 'abcd',
    previous_token_hash: null,
    previous_token_expires_at: null,
    created_at: '2026-03-01T00:00:00.000Z',
    updated_at: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

const apiKey: ApiKeyRecord = { id: 'key_1', hash: 'b'.repeat(64), hint: 'wxyz', label: 'generated', created_at: '2026-03-01T00:00:00.000Z' };

async function openAt(file: string): Promise<LowConfigStore> {
  const db = new Low<ConfigData>(new DurableJsonFile(file, { parse: parseConfig }), emptyConfig());
  await db.read();
  return new LowConfigStore(db);
}

describe('LowConfigStore', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'config.json');
  });
  afterEach(() => cleanup());

  it('keeps created, updated and deleted sources and added keys across a reopen', async () => {
    const store = await openAt(file);
    await store.createSource(source('src_1'));
    await store.createSource(source('src_2'));
    await store.updateSource('src_1', { name: 'Renamed', description: 'desk' }, new Date('2026-03-02T00:00:00.000Z'));
    await store.deleteSource('src_2');
    await store.addApiKey(apiKey);

    const reopened = await openAt(file);
    expect(await reopened.listSources()).toEqual([
      source('src_1', { name: 'Renamed', description: 'desk', updated_at: '2026-03-02T00:00:00.000Z' }),
    ]);
    expect(await reopened.listApiKeys()).toEqual([apiKey]);
  });

  it('keeps all of 40 concurrent creates', async () => {
    const store = await openAt(file);
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.createSource(source(`src_${i}`))));
    expect(await (await openAt(file)).listSources()).toHaveLength(40);
  });
});

describe('parseConfig', () => {
  it.each([
    ['an array', [], /expected a JSON object/],
    ['no version', { sources: [], api_keys: [] }, /`version`/],
    ['a newer version', { version: 3, sources: [], api_keys: [], hooks: [] }, /newer Switchboard/],
    ['sources not an array', { version: 1, sources: {}, api_keys: [] }, /`sources` to be an array/],
    ['a key without id', { version: 1, sources: [], api_keys: [{ hash: 'x' }] }, /`api_keys\[0\]`/],
  ])('refuses %s', (_, value, message) => {
    expect(() => parseConfig(value)).toThrow(message);
  });

  it('accepts an empty configuration', () => {
    expect(parseConfig(emptyConfig())).toEqual(emptyConfig());
  });
});
