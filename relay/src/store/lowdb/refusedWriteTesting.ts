/**
 * Shared by the refused-write tests of the lowdb config store: one committed configuration, every
 * mutation the store offers, and a look at memory and disk to compare before and after.
 */
import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import { makeHook, makeSource } from '../deliveryTesting.js';
import type { ApiKeyRecord } from '../types.js';
import { emptyConfig, parseConfig, type ConfigData } from './configData.js';
import { LowConfigStore } from './configStore.js';
import { DurableJsonFile } from './durableFile.js';

export const LATER = new Date('2026-03-05T00:00:00.000Z');

export const source = makeSource;

export const apiKey = (id: string): ApiKeyRecord => ({ id, hash: 'b'.repeat(64), hint: 'bbbb', label: 'test', created_at: '2026-03-01T00:00:00.000Z' });

/** Every mutation of the config store, applied to the records `seed` saved. */
export const MUTATIONS: readonly (readonly [string, (store: LowConfigStore) => Promise<unknown>])[] = [
  ['create a source', (store) => store.createSource(source('src_refused'))],
  ['patch a source', (store) => store.updateSource('src_1', { name: 'Refused name', active: false }, LATER)],
  [
    'rotate a source token',
    (store) => store.updateSource('src_1', { token_hash: 'c'.repeat(64), token_hint: 'cccc', previous_token_hash: 'a'.repeat(64), previous_token_expires_at: LATER.toISOString() }, LATER),
  ],
  ['delete a source', (store) => store.deleteSource('src_1')],
  ['add an API key', (store) => store.addApiKey(apiKey('key_refused'))],
  ['create a hook', (store) => store.createHook(makeHook('hook_refused'))],
  ['patch a hook', (store) => store.updateHook('hook_1', { target_url: 'https://refused.example/', filter: { 'data.x': 1 } }, LATER)],
  ['disable a hook', (store) => store.updateHook('hook_1', { active: false, disabled_reason: 'refused', disabled_at: LATER.toISOString() }, LATER)],
  ['delete a hook', (store) => store.deleteHook('hook_1')],
];

/** The committed configuration every refusal test starts from. */
export async function seed(store: LowConfigStore): Promise<void> {
  await store.createSource(source('src_1'));
  await store.createSource(source('src_2'));
  await store.addApiKey(apiKey('key_1'));
  await store.createHook(makeHook('hook_1'));
  await store.createHook(makeHook('hook_2'));
}

export async function openAt(adapter: Adapter<ConfigData>): Promise<LowConfigStore> {
  const db = new Low<ConfigData>(adapter, emptyConfig());
  await db.read();
  return new LowConfigStore(db);
}

export function reopen(file: string): Promise<LowConfigStore> {
  return openAt(new DurableJsonFile(file, { parse: parseConfig }));
}

/** What the store holds, as its readers see it. */
export async function contents(store: LowConfigStore): Promise<Pick<ConfigData, 'sources' | 'api_keys' | 'hooks'>> {
  return { sources: await store.listSources(), api_keys: await store.listApiKeys(), hooks: await store.listHooks() };
}

export function fileText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

/** The error a full disk raises, shaped as Node's. */
export function noSpace(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}

/** A durable file whose writes fail, on demand, before they reach the disk (the fast unit tests). */
export class FailingFile implements Adapter<ConfigData> {
  readonly file: DurableJsonFile<ConfigData>;
  /** Ordinals (1-based) of the writes that fail; `always` fails every write until cleared. */
  failing = new Set<number>();
  always = false;
  writes = 0;

  constructor(path: string) {
    this.file = new DurableJsonFile(path, { parse: parseConfig });
  }

  read(): Promise<ConfigData | null> {
    return this.file.read();
  }

  async write(data: ConfigData): Promise<void> {
    this.writes += 1;
    if (this.always || this.failing.has(this.writes)) throw noSpace();
    await this.file.write(data);
  }
}
