/** Redis connection options shared by the queue, the workers and the configuration bus. */
import type { ConnectionOptions } from 'bullmq';

export interface RedisSettings {
  url: string;
  /** Namespace of every key and channel (SWITCHBOARD_REDIS_PREFIX). */
  prefix: string;
}

/**
 * `maxRetriesPerRequest: null` is what BullMQ requires of worker connections: a command waits
 * for Redis to come back instead of failing after a few retries. The URL (which may hold a
 * password) is never logged.
 */
export function connectionOptions(settings: RedisSettings, name: string): ConnectionOptions {
  return { url: settings.url, maxRetriesPerRequest: null, connectionName: `switchboard-${name}` };
}
