import type { ApiKeyRecord, HookRecord, SourceRecord } from '../types.js';

/**
 * The configuration file's shape. One top-level array per record kind, so a new kind is one more
 * key plus one more step in `UPGRADES`.
 */
export interface ConfigData {
  version: typeof CONFIG_VERSION;
  sources: SourceRecord[];
  api_keys: ApiKeyRecord[];
  /** Subscriptions (REST hooks); since version 2. */
  hooks: HookRecord[];
}

/** Always `UPGRADES.length + 1`. */
export const CONFIG_VERSION = 2;

type RawConfig = Record<string, unknown>;

/** `UPGRADES[n - 1]` turns a version `n` document into version `n + 1`. Append; never edit a released step. */
const UPGRADES: readonly ((data: RawConfig) => RawConfig)[] = [
  // 1 -> 2: subscriptions.
  (data) => ({ ...data, version: 2, hooks: [] }),
];

export function emptyConfig(): ConfigData {
  return { version: CONFIG_VERSION, sources: [], api_keys: [], hooks: [] };
}

/**
 * Checks the file's outline and upgrades older versions. Records inside the arrays are trusted:
 * only this store writes the file. Throws an Error saying what is wrong (the adapter adds the
 * file name and the way out).
 */
export function parseConfig(value: unknown): ConfigData {
  if (!isObject(value)) throw new Error(`expected a JSON object, got ${describe(value)}`);
  const data = upgrade(value);
  const sources = recordArray(data, 'sources');
  const apiKeys = recordArray(data, 'api_keys');
  const hooks = recordArray(data, 'hooks');
  return {
    ...data,
    version: CONFIG_VERSION,
    sources: sources as SourceRecord[],
    api_keys: apiKeys as ApiKeyRecord[],
    hooks: hooks as HookRecord[],
  };
}

/** Brings an older document up to `CONFIG_VERSION` in memory; the file is rewritten on the next change. */
function upgrade(value: RawConfig): RawConfig {
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error(`expected \`version\` to be a positive integer, got ${describe(version)}`);
  }
  if (version > CONFIG_VERSION) {
    throw new Error(`it has version ${version}, written by a newer Switchboard (this one reads up to ${CONFIG_VERSION})`);
  }
  let data = value;
  for (const step of UPGRADES.slice(version - 1)) data = step(data);
  return data;
}

function recordArray(data: Record<string, unknown>, key: string): unknown[] {
  const list = data[key];
  if (!Array.isArray(list)) throw new Error(`expected \`${key}\` to be an array, got ${describe(list)}`);
  list.forEach((item: unknown, index) => {
    if (!isObject(item) || typeof item.id !== 'string') {
      throw new Error(`expected \`${key}[${index}]\` to be an object with a string \`id\`, got ${describe(item)}`);
    }
  });
  return list;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
