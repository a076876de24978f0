import type { KnownKey } from './auth/apiKeys.js';
import type { Config } from './config.js';
import type { DeliveryService } from './delivery/service.js';
import type { Logger } from './log.js';
import type { ReadinessReport } from './readiness.js';
import type { RelayMetrics } from './metrics.js';
import type { Store } from './store/types.js';
import type { HookRegistry } from './subscriptions/registry.js';

/** Everything the app needs from outside; tests pass their own. */
export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  apiKeys: KnownKey[];
  hooks: HookRegistry;
  engine: DeliveryService;
  metrics: RelayMetrics;
  /** Injectable clock. */
  now: () => Date;
  version: string;
  /** `/readyz` beyond "the store is open" (database and Redis round trips). @default store.isReady() */
  readiness?: () => Promise<ReadinessReport>;
  /** Folder of the built admin page. @default relay/admin-dist */
  adminDir?: string;
}
