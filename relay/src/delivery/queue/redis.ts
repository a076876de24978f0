/** Redis settings shared by the queues, the workers and the configuration bus. */
import { Redis } from 'ioredis';
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
export function sharedClient(settings: RedisSettings, name: string, logger: Logger): Redis {
  const client = new Redis(settings.url, { maxRetriesPerRequest: null, connectionName: `switchboard-${name}` });
  // Without a listener a lost connection is an uncaught 'error'; ioredis reconnects by itself.
  client.on('error', (err: Error) => logger.warn({ err: err.message }, `Redis (${name}) error`));
  return client;
}
