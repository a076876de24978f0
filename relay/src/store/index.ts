export * from './types.js';
export { DEFAULT_STORE_LIMITS, validateStoreLimits } from './limits.js';
export { openEmbeddedStore, CONFIG_FILE, EVENTS_FILE, type EmbeddedStore, type EmbeddedStoreOptions } from './embedded.js';
export type { GroupCommitStats } from './sqlite/groupCommit.js';
export type { PruneCounts } from './sqlite/prune.js';
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres/postgres.js';
export { migrate as migratePostgres } from './postgres/migrate.js';
