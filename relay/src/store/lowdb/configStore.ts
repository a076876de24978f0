import type { Low } from 'lowdb';
import type { ApiKeyRecord, ConfigStore, HookPatch, HookRecord, SourcePatch, SourceRecord } from '../types.js';
import type { ConfigData } from './configData.js';

export const PATCHABLE = [
  'name',
  'description',
  'active',
  'token_hash',
  'token_hint',
  'previous_token_hash',
  'previous_token_expires_at',
] as const satisfies readonly (keyof SourcePatch)[];

export const HOOK_PATCHABLE = [
  'target_url',
  'event_types',
  'source_id',
  'name',
  'description',
  'http_method',
  'auth',
  'retry_enabled',
  'retry_attempts',
  'retry_schedule',
  'filter',
  'payload_template',
  'active',
  'disabled_reason',
  'disabled_at',
] as const satisfies readonly (keyof HookPatch)[];

/** Fails to compile when `HookPatch` gains a field `HOOK_PATCHABLE` does not list. */
type UnlistedHookField = Exclude<keyof HookPatch, (typeof HOOK_PATCHABLE)[number]>;
const everyHookFieldPatchable: [UnlistedHookField] extends [never] ? true : false = true;

/**
 * Configuration (sources, API keys, hooks) in a lowdb document. Each mutation is applied synchronously
 * to `db.data` (so concurrent requests never interleave inside one) and then awaits `db.write()`,
 * which resolves only once a write holding that mutation is on disk.
 *
 * If a write fails the caller gets the error, and the change stays in memory: the next write
 * stores it. A failed write therefore means "outcome unknown", never "acknowledged but lost".
 *
 * Everything returned is a copy; callers cannot mutate the document behind the store's back.
 */
export class LowConfigStore implements ConfigStore {
  readonly #db: Low<ConfigData>;

  constructor(db: Low<ConfigData>) {
    this.#db = db;
  }

  async listSources(): Promise<SourceRecord[]> {
    return structuredClone(this.#db.data.sources);
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    const found = this.#db.data.sources.find((source) => source.id === id);
    return found ? structuredClone(found) : null;
  }

  async createSource(record: SourceRecord): Promise<SourceRecord> {
    const { sources } = this.#db.data;
    if (sources.some((source) => source.id === record.id)) {
      throw new Error(`Source ${JSON.stringify(record.id)} already exists`);
    }
    const stored = structuredClone(record);
    sources.push(stored);
    await this.#db.write();
    return structuredClone(stored);
  }

  async updateSource(id: string, patch: SourcePatch, now: Date): Promise<SourceRecord | null> {
    const source = this.#db.data.sources.find((candidate) => candidate.id === id);
    if (!source) return null;
    const changes: SourcePatch = {};
    for (const key of PATCHABLE) {
      if (patch[key] !== undefined) Object.assign(changes, { [key]: patch[key] });
    }
    Object.assign(source, structuredClone(changes), { updated_at: now.toISOString() });
    const updated = structuredClone(source);
    await this.#db.write();
    return updated;
  }

  async deleteSource(id: string): Promise<boolean> {
    const { sources } = this.#db.data;
    const index = sources.findIndex((source) => source.id === id);
    if (index === -1) return false;
    sources.splice(index, 1);
    await this.#db.write();
    return true;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return structuredClone(this.#db.data.api_keys);
  }

  async addApiKey(record: ApiKeyRecord): Promise<void> {
    const keys = this.#db.data.api_keys;
    if (keys.some((key) => key.id === record.id)) {
      throw new Error(`API key ${JSON.stringify(record.id)} already exists`);
    }
    keys.push(structuredClone(record));
    await this.#db.write();
  }

  async listHooks(): Promise<HookRecord[]> {
    return structuredClone(this.#db.data.hooks);
  }

  async getHook(id: string): Promise<HookRecord | null> {
    const found = this.#db.data.hooks.find((hook) => hook.id === id);
    return found ? structuredClone(found) : null;
  }

  async createHook(record: HookRecord): Promise<HookRecord> {
    const { hooks } = this.#db.data;
    if (hooks.some((hook) => hook.id === record.id)) {
      throw new Error(`Hook ${JSON.stringify(record.id)} already exists`);
    }
    const stored = structuredClone(record);
    hooks.push(stored);
    await this.#db.write();
    return structuredClone(stored);
  }

  /** Applies only `HookPatch` fields (`id`, `secret`, `created_at` never change); `null` values are applied. */
  async updateHook(id: string, patch: HookPatch, now: Date): Promise<HookRecord | null> {
    const hook = this.#db.data.hooks.find((candidate) => candidate.id === id);
    if (!hook) return null;
    const changes: HookPatch = {};
    for (const key of HOOK_PATCHABLE) {
      if (patch[key] !== undefined) Object.assign(changes, { [key]: patch[key] });
    }
    Object.assign(hook, structuredClone(changes), { updated_at: now.toISOString() });
    const updated = structuredClone(hook);
    await this.#db.write();
    return updated;
  }

  async deleteHook(id: string): Promise<boolean> {
    const { hooks } = this.#db.data;
    const index = hooks.findIndex((hook) => hook.id === id);
    if (index === -1) return false;
    hooks.splice(index, 1);
    await this.#db.write();
    return true;
  }
}
