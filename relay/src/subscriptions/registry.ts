/**
 * The one owner of subscriptions at runtime: a cache of every hook with its filter compiled
 * once, in front of the `ConfigStore`.
 *
 * Invariants:
 * - Every write goes to the store first and reaches the cache only once the store resolved, so
 *   the cache never shows a state that is not saved. A failed write changes nothing.
 * - Writes run one at a time, in call order. Configuration writes are rare (each is one fsync of
 *   the config file), and one queue also makes "find the same subscription, else create it"
 *   atomic, so two racing subscribe calls cannot create two hooks.
 * - Listeners hear about a change after the cache holds it.
 */
import type { EventEnvelope } from '../events/envelope.js';
import type { ConfigStore, HookPatch, HookRecord } from '../store/types.js';
import { compileFilter, evaluate, type Filter } from './filter.js';
import { matches, sameEventSet } from './patterns.js';

export interface LoadedHook {
  readonly record: HookRecord;
  /** The compiled `record.filter`; null when the hook has none. */
  readonly filter: Filter | null;
  /**
   * Why a stored filter no longer compiles (e.g. a limit tightened since it was saved), else
   * null. Such a hook matches no event: an unreadable filter must not widen what is delivered.
   */
  readonly filterError: string | null;
}

/** The part of the store the registry uses; any `Store` fits. */
export type HookStore = Pick<ConfigStore, 'listHooks' | 'getHook' | 'createHook' | 'updateHook' | 'deleteHook'>;

export type HookChangeKind = 'created' | 'updated' | 'deleted';

export interface HookChange {
  kind: HookChangeKind;
  id: string;
  /** The hook as saved; null when deleted. */
  record: HookRecord | null;
  /** True when another process made the change and this cache only caught up (`refresh`). */
  remote?: boolean;
}

export type HookChangeListener = (change: HookChange) => void;

export interface HookRegistryOptions {
  /** Told when a listener throws; the change is saved regardless. @default ignore */
  onListenerError?: (error: unknown, change: HookChange) => void;
}

/** The fields that make two subscribe calls the same subscription (see `subscribe`). */
export type SubscriptionKey = Pick<HookRecord, 'target_url' | 'event_types' | 'source_id'>;

export function loadHook(record: HookRecord): LoadedHook {
  if (record.filter === null) return { record, filter: null, filterError: null };
  const filter = compileFilter(record.filter);
  if (filter instanceof Error) return { record, filter: null, filterError: filter.message };
  return { record, filter, filterError: null };
}

/** Whether an existing hook is the subscription a subscribe call asks for. */
export function isSameSubscription(hook: HookRecord, key: SubscriptionKey): boolean {
  return hook.target_url === key.target_url && hook.source_id === key.source_id && sameEventSet(hook.event_types, key.event_types);
}

/** Whether the hook wants this event now: active, type selected, source in scope, filter passes. */
export function hookMatches(hook: LoadedHook, event: EventEnvelope): boolean {
  const { record } = hook;
  if (!record.active || hook.filterError !== null) return false;
  if (!matches(record.event_types, event.type)) return false;
  if (record.source_id !== null && record.source_id !== event.source.id) return false;
  return hook.filter === null || evaluate(hook.filter, event);
}

export class HookRegistry {
  private readonly hooks = new Map<string, LoadedHook>();
  private readonly listeners = new Set<HookChangeListener>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: HookStore,
    records: readonly HookRecord[],
    private readonly options: HookRegistryOptions,
  ) {
    const ordered = [...records].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    for (const record of ordered) this.hooks.set(record.id, loadHook(record));
  }

  /** Loads every stored hook and compiles each filter once. */
  static async load(store: HookStore, options: HookRegistryOptions = {}): Promise<HookRegistry> {
    return new HookRegistry(store, await store.listHooks(), options);
  }

  /** Every hook, oldest first. */
  all(): LoadedHook[] {
    return [...this.hooks.values()];
  }

  get(id: string): LoadedHook | undefined {
    return this.hooks.get(id);
  }

  /** The hooks an event is delivered to, oldest first. Pure over the cache; never throws. */
  matching(event: EventEnvelope): LoadedHook[] {
    return this.all().filter((hook) => hookMatches(hook, event));
  }

  /** Calls `listener` after every saved change; returns a function that stops it. */
  onChange(listener: HookChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Saves a new hook. Rejects (and changes nothing) when the store refuses it. */
  create(record: HookRecord): Promise<LoadedHook> {
    return this.serialize(() => this.createNow(record));
  }

  /**
   * Idempotent subscribe: the existing hook with the same target URL, event set and source, or
   * else `record`, saved. Hooks the relay switched off (`disabled_reason` set) are not reused: a
   * subscriber coming back after failing deliveries gets a working hook, and the old one stays
   * listed with its reason.
   */
  subscribe(record: HookRecord): Promise<{ hook: LoadedHook; created: boolean }> {
    return this.serialize(async () => {
      const same = this.all().find((hook) => hook.record.disabled_reason === null && isSameSubscription(hook.record, record));
      if (same) return { hook: same, created: false };
      return { hook: await this.createNow(record), created: true };
    });
  }

  /** Resolves undefined when there is no such hook. Sets `updated_at`. */
  update(id: string, patch: HookPatch, now: Date): Promise<LoadedHook | undefined> {
    return this.serialize(async () => {
      const saved = await this.store.updateHook(id, patch, now);
      if (!saved) return this.forget(id);
      const hook = loadHook(saved);
      this.hooks.set(id, hook);
      this.emit({ kind: 'updated', id, record: saved });
      return hook;
    });
  }

  /** Resolves false when there was no such hook. */
  delete(id: string): Promise<boolean> {
    return this.serialize(async () => {
      const deleted = await this.store.deleteHook(id);
      this.forget(id);
      return deleted;
    });
  }

  /** Switches a hook off with a reason (the delivery engine, after too many failed deliveries). */
  disable(id: string, reason: string, now: Date): Promise<LoadedHook | undefined> {
    return this.update(id, { active: false, disabled_reason: reason, disabled_at: now.toISOString() }, now);
  }

  /**
   * Catches up with a change another process saved (a shared store): re-reads one hook, or every
   * hook when `id` is omitted (after a lost connection to the change feed). Listeners hear the
   * differences as changes marked `remote`.
   */
  refresh(id?: string): Promise<void> {
    return this.serialize(async () => {
      const records = id === undefined ? await this.store.listHooks() : [await this.store.getHook(id)].filter((r): r is HookRecord => r !== null);
      const seen = new Set(records.map((r) => r.id));
      const gone = id === undefined ? [...this.hooks.keys()].filter((known) => !seen.has(known)) : seen.has(id) ? [] : [id];
      for (const known of gone) this.forget(known, true);
      for (const record of records) {
        const cached = this.hooks.get(record.id);
        if (cached && cached.record.updated_at === record.updated_at && JSON.stringify(cached.record) === JSON.stringify(record)) continue;
        this.hooks.set(record.id, loadHook(record));
        this.emit({ kind: cached ? 'updated' : 'created', id: record.id, record, remote: true });
      }
    });
  }

  private async createNow(record: HookRecord): Promise<LoadedHook> {
    const saved = await this.store.createHook(record);
    const hook = loadHook(saved);
    this.hooks.set(saved.id, hook);
    this.emit({ kind: 'created', id: saved.id, record: saved });
    return hook;
  }

  /** Drops a hook the store no longer has (deleted here or, with a shared store, elsewhere). */
  private forget(id: string, remote = false): undefined {
    if (this.hooks.delete(id)) this.emit({ kind: 'deleted', id, record: null, ...(remote ? { remote } : {}) });
    return undefined;
  }

  private serialize<T>(write: () => Promise<T>): Promise<T> {
    const run = this.queue.then(write);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A listener that throws is skipped: the change is already saved and the others must hear of it. */
  private emit(change: HookChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.onListenerError?.(error, change);
      }
    }
  }
}
