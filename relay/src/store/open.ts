import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { openEmbeddedStore } from './embedded.js';
import type { Store, StoreLimits } from './types.js';

/**
 * Opens the store the configuration names: the embedded one (`lowdb`: config.json + SQLite
 * under SWITCHBOARD_DATA_DIR) or PostgreSQL (`postgres`: SWITCHBOARD_DATABASE_URL, migrated at
 * open). The PostgreSQL driver is loaded only for the latter.
 */
export async function openConfiguredStore(config: Config, logger: Logger): Promise<Store> {
  const limits: StoreLimits = {
    eventRetentionDays: config.eventRetentionDays,
    eventRetentionMax: config.eventRetentionMax,
    dedupeTtlHours: config.dedupeTtlHours,
    rejectionsPerSource: config.rejectionsPerSource,
    deliveryRetentionDays: config.deliveryRetentionDays,
  };
  if (config.store === 'lowdb') return openEmbeddedStore({ dataDir: config.dataDir, limits, logger });
  if (!config.databaseUrl) throw new Error('SWITCHBOARD_DATABASE_URL: required when SWITCHBOARD_STORE=postgres, got nothing');
  const { openPostgresStore } = await import('./postgres/postgres.js');
  const store = await openPostgresStore({ databaseUrl: config.databaseUrl, limits, logger: logger.child({ component: 'store' }) });
  // Phase 1 of the scale-out (issue #8): state in PostgreSQL, delivery still by this process's
  // in-process engine. The BullMQ queue on SWITCHBOARD_REDIS_URL comes next.
  logger.info(
    { store: 'postgres', redis: config.redisUrl ? 'configured, not used yet' : 'not configured' },
    'PostgreSQL store open; deliveries run in this process (the Redis/BullMQ delivery queue is not used yet: run one relay per database)',
  );
  return store;
}
