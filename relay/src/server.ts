/** Opens the store, sets up keys, builds the app and listens. Used by `main.ts` and by tests. */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { setUpApiKeys } from './auth/apiKeys.js';
import { createRequestListener } from './app.js';
import { loadConfig, withListeningPort, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openConfiguredStore } from './store/open.js';
import type { Store } from './store/types.js';
import { DeliveryEngine } from './delivery/engine.js';
import { Sender } from './delivery/sender.js';
import type { BaseLookup } from './delivery/targetPolicy.js';
import { createMetrics } from './metrics.js';
import { HookRegistry } from './subscriptions/registry.js';

export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export interface RunningRelay {
  config: Config;
  url: string;
  store: Store;
  logger: Logger;
  /** The key generated at this first start, if any (printed once by main). */
  generatedKey: string | null;
  engine: DeliveryEngine;
  close(): Promise<void>;
}

export interface StartOptions {
  env: Record<string, string | undefined>;
  logger?: Logger;
  now?: () => Date;
  /** DNS for deliveries (tests inject one; the SSRF policy still checks every address). @default dns.lookup */
  resolver?: BaseLookup;
  /** Folder of the built admin page (tests point it elsewhere). @default relay/admin-dist */
  adminDir?: string;
}

const PRUNE_INTERVAL_MS = 60_000;

export async function startRelay(options: StartOptions): Promise<RunningRelay> {
  const now = options.now ?? (() => new Date());
  const initial = loadConfig(options.env);
  const logger = options.logger ?? createLogger(initial.logLevel);
  const store = await openConfiguredStore(initial, logger);
  try {
    const keys = await setUpApiKeys(initial.apiKeys, store, now());
    const hooks = await HookRegistry.load(store);
    const metrics = createMetrics(store, () => hooks);
    const sender = new Sender({ policy: initial.targetPolicy, perHookConcurrency: initial.deliveryConcurrencyPerHook, userAgent: `Switchboard/${VERSION}`, ...(options.resolver ? { resolver: options.resolver } : {}) });
    const engine = new DeliveryEngine(
      { store, hooks, sender, logger: logger.child({ component: 'delivery' }), now, metrics },
      { timeoutMs: initial.deliveryTimeoutMs, globalConcurrency: initial.deliveryConcurrency, perHookConcurrency: initial.deliveryConcurrencyPerHook, autoDisableAfter: initial.autoDisableAfter },
    );
    const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 20_000, keepAliveTimeout: 5_000 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(initial.port, initial.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const config = withListeningPort(initial, options.env, port);
    server.on('request', createRequestListener({ config, store, logger, apiKeys: keys.keys, hooks, engine, metrics, now, version: VERSION, ...(options.adminDir ? { adminDir: options.adminDir } : {}) }));
    engine.start();
    const pruner = startPruner(store, logger, now);
    logger.info({ url: `http://${config.host}:${port}`, public_url: config.publicUrl, store: store.kind, ...(store.kind === 'embedded' ? { data_dir: config.dataDir } : {}), version: VERSION }, 'relay listening');
    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        clearInterval(pruner);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await engine.stop();
        sender.close();
        await store.close();
      })();
      return closing;
    };
    const hostForUrl = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    return { config, url: `http://${hostForUrl}:${port}`, store, logger, generatedKey: keys.generated, engine, close };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Retention clean-up at start and every minute (the store prunes in bounded chunks). */
function startPruner(store: Store, logger: Logger, now: () => Date): NodeJS.Timeout {
  const run = (): void => {
    store.prune(now()).then(
      (result) => {
        if (result.events > 0 || result.dedupeKeys > 0) logger.info({ pruned: result }, 'retention clean-up');
      },
      (err: unknown) => logger.error({ err }, 'retention clean-up failed'),
    );
  };
  run();
  const timer = setInterval(run, PRUNE_INTERVAL_MS);
  timer.unref();
  return timer;
}
