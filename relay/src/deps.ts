import type { KnownKey } from './auth/apiKeys.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Store } from './store/types.js';

/** Everything the app needs from outside; tests pass their own. */
export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  apiKeys: KnownKey[];
  /** Injectable clock. */
  now: () => Date;
  version: string;
}
