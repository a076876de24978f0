import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { openEmbeddedStore, type EmbeddedStore } from './embedded.js';
import type { PostgresStore } from './postgres/postgres.js';
import type { StoreLimits } from './types.js';

/**
 * Opens the store the configuration names: the embedded one (`lowdb`: config.json + SQLite
 * under SWITCHBOARD_DATA_DIR) or PostgreSQL (`postgres`: SWITCHBOARD_DATABASE_URL, migrated at
 * open). The PostgreSQL driver is loaded only for the latter.
 */
export async function openConfiguredStore(config: Config, logger: Logger): Promise<EmbeddedStore | PostgresStore> {
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
  return openPostgresStore({ databaseUrl: config.databaseUrl, limits, logger: logger.child({ component: 'store' }) });
}
