import type { Low } from 'lowdb';
import type { ApiKeyRecord, ConfigStore, HookPatch, HookRecord, SourcePatch, SourceRecord } from '../types.js';
import { CommitQueue } from './commitQueue.js';
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
 * Configuration (sources, API keys, hooks) in a lowdb document, changed copy-on-write through a
 * `CommitQueue`: every mutation computes the next document without touching the current one,
 * the next document is written durably, and only then does it replace the current one.
 *
 * So a mutation that resolves is on disk, and one that rejects (full disk, I/O error) exists
 * nowhere afterwards: not in memory, not in the file, not in a later write. Concurrent mutations
 * are serialized and never lose each other. Reads see only what is on disk.
 *
 * Everything returned is a copy; callers cannot mutate the document behind the store's back.
 * (lowdb's own `db.data` / `db.update()` are not used after the first read: `update(fn)` writes
 * whatever `fn` left in memory, and does not await it.)
 */
export class LowConfigStore implements ConfigStore {
  readonly #commits: CommitQueue<ConfigData>;

  constructor(db: Low<ConfigData>) {
    this.#commits = new CommitQueue(db.data, (next) => db.adapter.write(next));
  }

  /** Resolves once no mutation is pending or being written. Never rejects. */
  idle(): Promise<void> {
    return this.#commits.idle();
  }

  async listSources(): Promise<SourceRecord[]> {
    return structuredClone(this.#data().sources);
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    return copyOf(this.#data().sources.find((source) => source.id === id));
  }

  createSource(record: SourceRecord): Promise<SourceRecord> {
    const stored = structuredClone(record);
    return this.#commits.apply((data) => {
      const sources = appended(data.sources, stored, `Source ${JSON.stringify(record.id)} already exists`);
      return { next: { ...data, sources }, result: structuredClone(stored) };
    });
  }

  updateSource(id: string, patch: SourcePatch, now: Date): Promise<SourceRecord | null> {
    const changes = pick(patch, PATCHABLE);
    return this.#commits.apply((data) => {
      const sources = patched(data.sources, id, changes, now);
      if (!sources) return { next: data, result: null };
      return { next: { ...data, sources: sources.list }, result: structuredClone(sources.record) };
    });
  }

  deleteSource(id: string): Promise<boolean> {
    return this.#commits.apply((data) => {
      const sources = removed(data.sources, id);
      return sources ? { next: { ...data, sources }, result: true } : { next: data, result: false };
    });
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return structuredClone(this.#data().api_keys);
  }

  addApiKey(record: ApiKeyRecord): Promise<void> {
    const stored = structuredClone(record);
    return this.#commits.apply((data) => {
      const api_keys = appended(data.api_keys, stored, `API key ${JSON.stringify(record.id)} already exists`);
      return { next: { ...data, api_keys }, result: undefined };
    });
  }

  async listHooks(): Promise<HookRecord[]> {
    return structuredClone(this.#data().hooks);
  }

  async getHook(id: string): Promise<HookRecord | null> {
    return copyOf(this.#data().hooks.find((hook) => hook.id === id));
  }

  createHook(record: HookRecord): Promise<HookRecord> {
    const stored = structuredClone(record);
    return this.#commits.apply((data) => {
      const hooks = appended(data.hooks, stored, `Hook ${JSON.stringify(record.id)} already exists`);
      return { next: { ...data, hooks }, result: structuredClone(stored) };
    });
  }

  /** Applies only `HookPatch` fields (`id`, `secret`, `created_at` never change); `null` values are applied. */
  updateHook(id: string, patch: HookPatch, now: Date): Promise<HookRecord | null> {
    const changes = pick(patch, HOOK_PATCHABLE);
    return this.#commits.apply((data) => {
      const hooks = patched(data.hooks, id, changes, now);
      if (!hooks) return { next: data, result: null };
      return { next: { ...data, hooks: hooks.list }, result: structuredClone(hooks.record) };
    });
  }

  deleteHook(id: string): Promise<boolean> {
    return this.#commits.apply((data) => {
      const hooks = removed(data.hooks, id);
      return hooks ? { next: { ...data, hooks }, result: true } : { next: data, result: false };
    });
  }

  #data(): Readonly<ConfigData> {
    return this.#commits.committed();
  }
}

/*
 * Pure list steps: each returns a new array (sharing the untouched records) and never changes
 * the one it was given, which is what lets a refused mutation leave no trace.
 */

interface Identified {
  id: string;
}

function copyOf<R>(record: R | undefined): R | null {
  return record === undefined ? null : structuredClone(record);
}

/** Only the listed fields that are set, deep-copied (the caller keeps its patch object). */
function pick<P extends object>(patch: P, fields: readonly (keyof P)[]): Partial<P> {
  const changes: Partial<P> = {};
  for (const key of fields) {
    if (patch[key] !== undefined) changes[key] = structuredClone(patch[key]);
  }
  return changes;
}

function appended<R extends Identified>(list: readonly R[], record: R, duplicate: string): R[] {
  if (list.some((item) => item.id === record.id)) throw new Error(duplicate);
  return [...list, record];
}

/** The list with record `id` replaced by a patched copy, or null when there is no such record. */
function patched<R extends Identified & { updated_at: string }>(
  list: readonly R[],
  id: string,
  changes: NoInfer<Partial<R>>,
  now: Date,
): { list: R[]; record: R } | null {
  const index = list.findIndex((item) => item.id === id);
  const current = list[index];
  if (current === undefined) return null;
  const record: R = { ...current, ...structuredClone(changes), updated_at: now.toISOString() };
  return { list: list.with(index, record), record };
}

/** The list without record `id`, or null when there is no such record. */
function removed<R extends Identified>(list: readonly R[], id: string): R[] | null {
  const index = list.findIndex((item) => item.id === id);
  return index === -1 ? null : list.toSpliced(index, 1);
}
