/** Redis settings shared by the queues, the workers and the configuration bus. */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../log.js';

export interface RedisSettings {
  url: string;
  /** Namespace of every key and channel (SWITCHBOARD_REDIS_PREFIX). */
  prefix: string;
}

/**
 * One ioredis client for every queue (or every worker's non-blocking commands) in a process.
 * BullMQ leaves a client it is given open and duplicates it for each worker's blocking fetch.
 * Its errors are logged once here, not once per queue. `maxRetriesPerRequest: null` is what
 * BullMQ requires of worker connections: a command waits for Redis to come back instead of failing
 * after a few retries. The URL (which may hold a password) is never logged.
 */
export function sharedClient(settings: RedisSettings, name: string, logger: Logger, options: RedisOptions = { maxRetriesPerRequest: null }): Redis {
  const client = new Redis(settings.url, { ...options, connectionName: `switchboard-${name}` });
  // Without a listener a lost connection is an uncaught 'error'; ioredis reconnects by itself.
  client.on('error', (err: Error) => logger.warn({ err: err.message }, `Redis (${name}) error`));
  return client;
}

/** A command Redis has taken but not answered fails after this long (a hung server, not a slow one). */
export const COMMAND_TIMEOUT_MS = 10_000;

/**
 * A shared client for what must not wait on Redis (the producer: enqueues after a commit, the
 * sweeper, metrics): while Redis is away its commands fail at once instead of queueing in
 * memory until it returns, a command in flight when the connection drops fails after one
 * reconnection attempt, and one Redis never answers fails after `COMMAND_TIMEOUT_MS`. It
 * reconnects by itself like any other. Not for BullMQ workers, which need
 * `maxRetriesPerRequest: null` (`sharedClient`).
 */
export function failFastClient(settings: RedisSettings, name: string, logger: Logger): Redis {
  return sharedClient(settings, name, logger, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS });
}
