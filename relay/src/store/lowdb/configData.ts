import type { ApiKeyRecord, SourceRecord } from '../types.js';

/**
 * The configuration file's shape. One top-level array per record kind, so a new kind
 * (`subscriptions`) is one more key plus one more migration step below.
 */
export interface ConfigData {
  version: typeof CONFIG_VERSION;
  sources: SourceRecord[];
  api_keys: ApiKeyRecord[];
}

export const CONFIG_VERSION = 1;

export function emptyConfig(): ConfigData {
  return { version: CONFIG_VERSION, sources: [], api_keys: [] };
}

/**
 * Checks the file's outline and upgrades older versions. Records inside the arrays are trusted:
 * only this store writes the file. Throws an Error saying what is wrong (the adapter adds the
 * file name and the way out).
 */
export function parseConfig(value: unknown): ConfigData {
  if (!isObject(value)) throw new Error(`expected a JSON object, got ${describe(value)}`);
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error(`expected \`version\` to be a positive integer, got ${describe(version)}`);
  }
  if (version > CONFIG_VERSION) {
    throw new Error(`it has version ${version}, written by a newer Switchboard (this one reads up to ${CONFIG_VERSION})`);
  }
  // Migrations go here: `if (version === 1) value = { ...value, version: 2, subscriptions: [] }`.
  const sources = recordArray(value, 'sources');
  const apiKeys = recordArray(value, 'api_keys');
  return { ...value, version: CONFIG_VERSION, sources: sources as SourceRecord[], api_keys: apiKeys as ApiKeyRecord[] };
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
