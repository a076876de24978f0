/**
 * Configuration from the environment, parsed once at start. Every bad value is reported
 * (all of them at once) with the variable's name, what was expected and what was given.
 */
import path from 'node:path';

export type TargetPolicy = 'private' | 'public-only';
export type StoreKind = 'lowdb' | 'postgres';
export type Role = 'all' | 'api' | 'worker';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Plain keys from SWITCHBOARD_API_KEYS; hashed before use, never logged. */
  apiKeys: string[];
  publicUrl: string;
  targetPolicy: TargetPolicy;
  store: StoreKind;
  databaseUrl: string | null;
  /** Set only with the postgres store: deliveries then go through BullMQ on this Redis. */
  redisUrl: string | null;
  /** Namespace of every Redis key and channel (queues, config-change channel). */
  redisPrefix: string;
  /** `all`: API + delivery; `api`: ingest + admin API only; `worker`: delivery only (needs Redis). */
  role: Role;
  maxBodyBytes: number;
  maxDepth: number;
  logLevel: LogLevel;
  eventRetentionDays: number;
  eventRetentionMax: number;
  dedupeTtlHours: number;
  rejectionsPerSource: number;
  /** Requests per minute per source on `/in`; 0 turns the limit off. */
  ingestRateLimit: number;
  deliveryTimeoutMs: number;
  deliveryConcurrency: number;
  deliveryConcurrencyPerHook: number;
  autoDisableAfter: number;
  deliveryRetentionDays: number;
}

export interface VariableDoc {
  name: string;
  default: string;
  meaning: string;
}

/** The documented table (README and `--help` are generated from the same list). */
export const VARIABLES: VariableDoc[] = [
  { name: 'SWITCHBOARD_PORT', default: '8080', meaning: 'listening port (0 picks a free one)' },
  { name: 'SWITCHBOARD_HOST', default: '127.0.0.1', meaning: 'listening address (0.0.0.0 to accept remote vendors)' },
  { name: 'SWITCHBOARD_DATA_DIR', default: './data', meaning: 'embedded state: config.json (lowdb) and events.sqlite3' },
  { name: 'SWITCHBOARD_API_KEYS', default: '(none)', meaning: 'comma-separated admin API keys (at least 16 characters each); if none, one is generated at first start, printed once and stored hashed' },
  { name: 'SWITCHBOARD_PUBLIC_URL', default: 'http://HOST:PORT', meaning: 'base of the ingest URLs handed out (what vendors can reach)' },
  { name: 'SWITCHBOARD_TARGET_POLICY', default: 'private', meaning: '`private`: any http(s) target except link-local and cloud-metadata addresses; `public-only`: also refuses loopback and private ranges' },
  { name: 'SWITCHBOARD_STORE', default: 'lowdb', meaning: '`lowdb` (embedded) or `postgres` (with SWITCHBOARD_DATABASE_URL; add SWITCHBOARD_REDIS_URL for several processes)' },
  { name: 'SWITCHBOARD_DATABASE_URL', default: '(none)', meaning: 'PostgreSQL connection URL (postgres store; migrated at start, or with the `migrate` command)' },
  { name: 'SWITCHBOARD_REDIS_URL', default: '(none)', meaning: 'Redis connection URL (postgres store only): deliveries go through BullMQ queues there and configuration changes reach every process; without it one `all` process delivers in-process' },
  { name: 'SWITCHBOARD_REDIS_PREFIX', default: 'switchboard', meaning: 'namespace of the Redis keys and channels (one per installation sharing a Redis)' },
  { name: 'SWITCHBOARD_ROLE', default: 'all', meaning: '`all` (API + delivery), `api` (ingest and admin API, no delivery) or `worker` (delivery, plus /healthz /readyz /metrics); `api` and `worker` need SWITCHBOARD_REDIS_URL' },
  { name: 'SWITCHBOARD_MAX_BODY_BYTES', default: '262144', meaning: 'largest accepted webhook body (413 above)' },
  { name: 'SWITCHBOARD_MAX_DEPTH', default: '64', meaning: 'deepest accepted JSON nesting (400 above)' },
  { name: 'SWITCHBOARD_INGEST_RATE_LIMIT', default: '60000', meaning: 'requests per minute per source on /in (429 above); 0 = off' },
  { name: 'SWITCHBOARD_EVENT_RETENTION_DAYS', default: '30', meaning: 'events older than this are deleted' },
  { name: 'SWITCHBOARD_EVENT_RETENTION_MAX', default: '1000000', meaning: 'at most this many events are kept (oldest deleted first)' },
  { name: 'SWITCHBOARD_DEDUPE_TTL_HOURS', default: '72', meaning: 'how long vendor event ids and Idempotency-Key / webhook-id headers are remembered (at least 24)' },
  { name: 'SWITCHBOARD_REJECTIONS_PER_SOURCE', default: '100', meaning: 'refused requests kept per source for /sources/:id/rejections' },
  { name: 'SWITCHBOARD_DELIVERY_TIMEOUT_MS', default: '15000', meaning: 'per delivery attempt, connect to last byte read' },
  { name: 'SWITCHBOARD_DELIVERY_CONCURRENCY', default: '128', meaning: 'delivery attempts in flight at once, in all, per process' },
  { name: 'SWITCHBOARD_DELIVERY_CONCURRENCY_PER_HOOK', default: '8', meaning: 'delivery attempts in flight at once per subscription (isolation); with Redis, over all worker processes together' },
  { name: 'SWITCHBOARD_AUTO_DISABLE_AFTER', default: '20', meaning: 'failed deliveries in a row that switch a subscription off' },
  { name: 'SWITCHBOARD_DELIVERY_RETENTION_DAYS', default: '14', meaning: 'finished deliveries and their attempt logs older than this are deleted' },
  { name: 'SWITCHBOARD_LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent' },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nRun with --help to see every variable.`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return raw as T;
  };

  const port = int('SWITCHBOARD_PORT', 8080, 0, 65535);
  const host = read('SWITCHBOARD_HOST') ?? '127.0.0.1';
  const dataDir = path.resolve(cwd, read('SWITCHBOARD_DATA_DIR') ?? './data');
  const apiKeys = parseApiKeys(read('SWITCHBOARD_API_KEYS'), problems);
  const publicUrl = parsePublicUrl(read('SWITCHBOARD_PUBLIC_URL'), host, port, problems);
  const targetPolicy = oneOf<TargetPolicy>('SWITCHBOARD_TARGET_POLICY', 'private', ['private', 'public-only']);
  const store = oneOf<StoreKind>('SWITCHBOARD_STORE', 'lowdb', ['lowdb', 'postgres']);
  const databaseUrl = read('SWITCHBOARD_DATABASE_URL') ?? null;
  const redisUrl = read('SWITCHBOARD_REDIS_URL') ?? null;
  const role = oneOf<Role>('SWITCHBOARD_ROLE', 'all', ['all', 'api', 'worker']);
  const redisPrefix = read('SWITCHBOARD_REDIS_PREFIX') ?? 'switchboard';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(redisPrefix)) problems.push(`SWITCHBOARD_REDIS_PREFIX: expected 1 to 64 letters, digits, "_", "." or "-", got ${JSON.stringify(redisPrefix)}`);
  if (store === 'postgres' && !databaseUrl) problems.push('SWITCHBOARD_DATABASE_URL: required when SWITCHBOARD_STORE=postgres, got nothing');
  if (redisUrl && store !== 'postgres') {
    problems.push('SWITCHBOARD_REDIS_URL: the BullMQ delivery queue needs the shared PostgreSQL store; set SWITCHBOARD_STORE=postgres and SWITCHBOARD_DATABASE_URL, or unset SWITCHBOARD_REDIS_URL for the embedded store');
  }
  if (role !== 'all' && !redisUrl) {
    problems.push(`SWITCHBOARD_ROLE: "${role}" needs SWITCHBOARD_STORE=postgres with SWITCHBOARD_REDIS_URL (processes hand deliveries over through Redis); without Redis run one process with SWITCHBOARD_ROLE=all`);
  }
  const config: Config = {
    port,
    host,
    dataDir,
    apiKeys,
    publicUrl,
    targetPolicy,
    store,
    databaseUrl,
    redisUrl,
    redisPrefix,
    role,
    maxBodyBytes: int('SWITCHBOARD_MAX_BODY_BYTES', 262144, 1024, 64 * 1024 * 1024),
    maxDepth: int('SWITCHBOARD_MAX_DEPTH', 64, 2, 1000),
    ingestRateLimit: int('SWITCHBOARD_INGEST_RATE_LIMIT', 60000, 0, 10_000_000),
    eventRetentionDays: int('SWITCHBOARD_EVENT_RETENTION_DAYS', 30, 1, 3650),
    eventRetentionMax: int('SWITCHBOARD_EVENT_RETENTION_MAX', 1_000_000, 100, 1_000_000_000),
    dedupeTtlHours: int('SWITCHBOARD_DEDUPE_TTL_HOURS', 72, 24, 24 * 365),
    rejectionsPerSource: int('SWITCHBOARD_REJECTIONS_PER_SOURCE', 100, 1, 10_000),
    deliveryTimeoutMs: int('SWITCHBOARD_DELIVERY_TIMEOUT_MS', 15_000, 100, 120_000),
    deliveryConcurrency: int('SWITCHBOARD_DELIVERY_CONCURRENCY', 128, 1, 4096),
    deliveryConcurrencyPerHook: int('SWITCHBOARD_DELIVERY_CONCURRENCY_PER_HOOK', 8, 1, 256),
    autoDisableAfter: int('SWITCHBOARD_AUTO_DISABLE_AFTER', 20, 1, 100_000),
    deliveryRetentionDays: int('SWITCHBOARD_DELIVERY_RETENTION_DAYS', 14, 1, 3650),
    logLevel: oneOf<LogLevel>('SWITCHBOARD_LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseApiKeys(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined) return [];
  const keys = raw.split(',').map((k) => k.trim()).filter((k) => k.length > 0);
  keys.forEach((key, i) => {
    // Keys are compared as SHA-256 hashes, which is only safe for high-entropy keys.
    if (key.length < 16) problems.push(`SWITCHBOARD_API_KEYS: expected keys of at least 16 characters, got one of ${key.length} (key #${i + 1})`);
    if (/\s/.test(key)) problems.push(`SWITCHBOARD_API_KEYS: expected keys without spaces (key #${i + 1})`);
  });
  return keys;
}

function parsePublicUrl(raw: string | undefined, host: string, port: number, problems: string[]): string {
  if (raw === undefined) {
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return `http://${shownHost}:${port}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`SWITCHBOARD_PUBLIC_URL: expected an absolute http(s) URL, got ${JSON.stringify(raw)}`);
    return raw;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`SWITCHBOARD_PUBLIC_URL: expected an http or https URL, got ${JSON.stringify(raw)}`);
  }
  if (url.search || url.hash) problems.push(`SWITCHBOARD_PUBLIC_URL: expected no query or fragment, got ${JSON.stringify(raw)}`);
  return raw.replace(/\/+$/, '');
}

/** Port 0 means "pick one": the public URL is fixed up once the server listens. */
export function withListeningPort(config: Config, env: Env, actualPort: number): Config {
  if (env['SWITCHBOARD_PUBLIC_URL']?.trim()) return { ...config, port: actualPort };
  return { ...config, port: actualPort, publicUrl: parsePublicUrl(undefined, config.host, actualPort, []) };
}
