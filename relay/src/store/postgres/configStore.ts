import type pg from 'pg';
import { errorCode } from '../errorInfo.js';
import { HOOK_PATCHABLE, PATCHABLE } from '../lowdb/configStore.js';
import type { ApiKeyRecord, ConfigStore, HookPatch, HookRecord, SourcePatch, SourceRecord } from '../types.js';
import {
  HOOK_COLUMNS,
  SOURCE_COLUMNS,
  hookParam,
  sourceParam,
  toApiKey,
  toHook,
  toSource,
  type HookRow,
  type SourceRow,
} from './configRows.js';

const UNIQUE_VIOLATION = '23505';
const SOURCES = SOURCE_COLUMNS.join(', ');
const HOOKS = HOOK_COLUMNS.join(', ');
const placeholders = (count: number, from = 1): string => Array.from({ length: count }, (_, i) => `$${i + from}`).join(', ');

/**
 * Configuration (sources, API keys, hooks) in PostgreSQL tables. Each call is one statement
 * (autocommit), durable when it resolves; lists come in creation order, like the embedded store.
 * Patches apply only the fields the embedded store applies (`PATCHABLE`, `HOOK_PATCHABLE`).
 */
export class PgConfigStore implements ConfigStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async listSources(): Promise<SourceRecord[]> {
    return (await this.#pool.query<SourceRow>(`SELECT ${SOURCES} FROM sources ORDER BY seq`)).rows.map(toSource);
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    const { rows } = await this.#pool.query<SourceRow>(`SELECT ${SOURCES} FROM sources WHERE id = $1`, [id]);
    return rows[0] ? toSource(rows[0]) : null;
  }

  async createSource(record: SourceRecord): Promise<SourceRecord> {
    const values = SOURCE_COLUMNS.map((key) => sourceParam(key, record[key]));
    const sql = `INSERT INTO sources (${SOURCES}) VALUES (${placeholders(values.length)}) RETURNING ${SOURCES}`;
    const row = await this.#insertOne<SourceRow>(sql, values, `Source ${JSON.stringify(record.id)} already exists`);
    return toSource(row);
  }

  async updateSource(id: string, patch: SourcePatch, now: Date): Promise<SourceRecord | null> {
    const changes = PATCHABLE.filter((key) => patch[key] !== undefined).map((key) => [key, sourceParam(key, patch[key] ?? null)] as const);
    const row = await this.#update<SourceRow>('sources', SOURCES, id, changes, now);
    return row ? toSource(row) : null;
  }

  async deleteSource(id: string): Promise<boolean> {
    return ((await this.#pool.query('DELETE FROM sources WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.#pool.query<{ id: string; hash: string; hint: string; label: string; created_at: Date }>(
      'SELECT id, hash, hint, label, created_at FROM api_keys ORDER BY seq',
    );
    return rows.map(toApiKey);
  }

  async addApiKey(record: ApiKeyRecord): Promise<void> {
    await this.#insertOne(
      'INSERT INTO api_keys (id, hash, hint, label, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [record.id, record.hash, record.hint, record.label, record.created_at],
      `API key ${JSON.stringify(record.id)} already exists`,
    );
  }

  async listHooks(): Promise<HookRecord[]> {
    return (await this.#pool.query<HookRow>(`SELECT ${HOOKS} FROM hooks ORDER BY seq`)).rows.map(toHook);
  }

  async getHook(id: string): Promise<HookRecord | null> {
    const { rows } = await this.#pool.query<HookRow>(`SELECT ${HOOKS} FROM hooks WHERE id = $1`, [id]);
    return rows[0] ? toHook(rows[0]) : null;
  }

  async createHook(record: HookRecord): Promise<HookRecord> {
    const values = HOOK_COLUMNS.map((key) => hookParam(key, record[key]));
    const sql = `INSERT INTO hooks (${HOOKS}) VALUES (${placeholders(values.length)}) RETURNING ${HOOKS}`;
    return toHook(await this.#insertOne<HookRow>(sql, values, `Hook ${JSON.stringify(record.id)} already exists`));
  }

  /** Applies only `HookPatch` fields (`id`, `secret`, `created_at` never change); `null` values are applied. */
  async updateHook(id: string, patch: HookPatch, now: Date): Promise<HookRecord | null> {
    const changes = HOOK_PATCHABLE.filter((key) => patch[key] !== undefined).map((key) => [key, hookParam(key, patch[key] ?? null)] as const);
    const row = await this.#update<HookRow>('hooks', HOOKS, id, changes, now);
    return row ? toHook(row) : null;
  }

  async deleteHook(id: string): Promise<boolean> {
    return ((await this.#pool.query('DELETE FROM hooks WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  /** Inserts one row; a repeated id becomes an Error saying so. */
  async #insertOne<Row extends pg.QueryResultRow>(sql: string, values: unknown[], duplicate: string): Promise<Row> {
    try {
      const { rows } = await this.#pool.query<Row>(sql, values);
      if (!rows[0]) throw new Error('INSERT returned no row');
      return rows[0];
    } catch (error) {
      if (errorCode(error) === UNIQUE_VIOLATION) {
        throw new Error(duplicate, { cause: error });
      }
      throw error;
    }
  }

  /** `columns` and the keys of `changes` are trusted constants, never input. */
  async #update<Row extends pg.QueryResultRow>(
    table: 'sources' | 'hooks',
    columns: string,
    id: string,
    changes: readonly (readonly [string, unknown])[],
    now: Date,
  ): Promise<Row | null> {
    const sets = changes.map(([key], index) => `${key} = $${index + 3}`);
    const sql = `UPDATE ${table} SET ${['updated_at = $2', ...sets].join(', ')} WHERE id = $1 RETURNING ${columns}`;
    const { rows } = await this.#pool.query<Row>(sql, [id, now.toISOString(), ...changes.map(([, value]) => value)]);
    return rows[0] ?? null;
  }
}
