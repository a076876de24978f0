import type { KnownKey } from './auth/apiKeys.js';
import type { Config } from './config.js';
import type { DeliveryEngine } from './delivery/engine.js';
import type { Logger } from './log.js';
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
  engine: DeliveryEngine;
  metrics: RelayMetrics;
  /** Injectable clock. */
  now: () => Date;
  version: string;
  /** Folder of the built admin page. @default relay/admin-dist */
  adminDir?: string;
}
