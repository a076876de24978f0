/** Opens the store, sets up keys, builds the app and listens. Used by `main.ts` and by tests. */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { setUpApiKeys } from './auth/apiKeys.js';
import { createRequestListener } from './app.js';
import { loadConfig, withListeningPort, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openConfiguredStore } from './store/open.js';
import { WriteHealth, watchWrites } from './store/writeHealth.js';
import type { Store } from './store/types.js';
import { DeliveryEngine } from './delivery/engine.js';
import { Lanes } from './delivery/lanes.js';
import { Sender } from './delivery/sender.js';
import type { BaseLookup } from './delivery/targetPolicy.js';
import { createMetrics } from './metrics.js';
import { HookRegistry } from './subscriptions/registry.js';
import type { DeliveryService } from './delivery/service.js';
import type { DeliveryQueue } from './delivery/queue/producer.js';
import type { RedisSettings } from './delivery/queue/redis.js';
import { checkReadiness, type ReadinessReport } from './readiness.js';
import { createWorkerListener } from './workerHttp.js';

export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export interface RunningRelay {
  config: Config;
  url: string;
  store: Store;
  logger: Logger;
  /** The key generated at this first start, if any (printed once by main). */
  generatedKey: string | null;
  /** The embedded engine, or the BullMQ queue's front with SWITCHBOARD_REDIS_URL. */
  engine: DeliveryService;
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
  const opened = await openConfiguredStore(initial, logger);
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const scaled = opened.kind === 'postgres' && initial.redisUrl ? await openScaleOut(initial, logger, now) : null;
    if (scaled) cleanups.push(() => scaled.queue.close());
    const writes = new WriteHealth();
    const watched = watchWrites(opened, writes);
    const store = scaled ? scaled.module.queueingStore(watched, scaled.queue) : watched;
    // A worker serves no API; it neither needs nor generates an admin key.
    const keys = initial.role === 'worker' ? { keys: [], generated: null } : await setUpApiKeys(initial.apiKeys, store, now());
    const hooks = await HookRegistry.load(store);
    const bus = scaled ? await scaled.module.startConfigBus(scaled.redis, hooks, logger.child({ component: 'config-bus' })) : null;
    if (bus) cleanups.push(() => bus.close());
    const metrics = createMetrics(store, () => hooks);
    if (scaled) scaled.module.registerQueueMetrics(metrics.registry, scaled.queue, () => hooks.all().map((h) => h.record.id));
    const sender = new Sender({ policy: initial.targetPolicy, perHookConcurrency: initial.deliveryConcurrencyPerHook, userAgent: `Switchboard/${VERSION}`, ...(options.resolver ? { resolver: options.resolver } : {}) });
    const deliveryLogger = logger.child({ component: 'delivery' });
    const engineOptions = { timeoutMs: initial.deliveryTimeoutMs, globalConcurrency: initial.deliveryConcurrency, perHookConcurrency: initial.deliveryConcurrencyPerHook, autoDisableAfter: initial.autoDisableAfter };
    // One set of lanes for every attempt this process makes (engine, API retries, queue worker).
    const lanes = new Lanes((sending) => metrics.inFlight.set(sending));
    const engine = new DeliveryEngine({ store, hooks, sender, logger: deliveryLogger, now, metrics, lanes }, engineOptions);
    const delivers = initial.role !== 'api';
    const worker = scaled && delivers ? new scaled.module.QueueWorker(scaled.redis, { store, hooks, sender, queue: scaled.queue, logger: deliveryLogger, now, metrics, lanes }, engineOptions) : null;
    const delivery = scaled ? new scaled.module.QueuedDelivery({ direct: engine, queue: scaled.queue, worker, store, hooks, logger: deliveryLogger, now }) : engine;
    const readiness = (): Promise<ReadinessReport> => checkReadiness({ store: opened, role: initial.role, redis: scaled?.queue ?? null, writes });
    const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 20_000, keepAliveTimeout: 5_000 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(initial.port, initial.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const config = withListeningPort(initial, options.env, port);
    server.on(
      'request',
      config.role === 'worker'
        ? createWorkerListener({ metrics, readiness })
        : createRequestListener({ config, store, logger, apiKeys: keys.keys, hooks, engine: delivery, metrics, now, version: VERSION, readiness, ...(options.adminDir ? { adminDir: options.adminDir } : {}) }),
    );
    if (!scaled) engine.start();
    worker?.start();
    const exclusive = <T>(name: string, work: () => Promise<T>) => (opened.kind === 'postgres' ? opened.withTryLock(name, work) : work().then((value) => ({ ran: true as const, value })));
    const stopSweeper = scaled && delivers ? scaled.module.startSweeper({ store, hooks, queue: scaled.queue, logger: deliveryLogger, now, exclusive: (work) => exclusive('delivery-sweeper', work) }) : null;
    const pruner = startPruner(store, logger, now, (work) => exclusive('retention-prune', work));
    logger.info(
      { url: `http://${config.host}:${port}`, public_url: config.publicUrl, store: store.kind, role: config.role, delivery: scaled ? 'bullmq' : 'in-process', ...(store.kind === 'embedded' ? { data_dir: config.dataDir } : {}), version: VERSION },
      'relay listening',
    );
    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        clearInterval(pruner);
        stopSweeper?.();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await worker?.stop();
        await engine.stop();
        sender.close();
        for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
        await store.close();
      })();
      return closing;
    };
    const hostForUrl = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    return { config, url: `http://${hostForUrl}:${port}`, store, logger, generatedKey: keys.generated, engine: delivery, close };
  } catch (err) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await opened.close();
    throw err;
  }
}

interface ScaleOut {
  module: typeof import('./delivery/queue/index.js');
  redis: RedisSettings;
  queue: DeliveryQueue;
}

/** PostgreSQL + Redis: the delivery queue, after checking that Redis answers (refuse to start otherwise). */
async function openScaleOut(config: Config, logger: Logger, now: () => Date): Promise<ScaleOut> {
  const module = await import('./delivery/queue/index.js');
  const redis: RedisSettings = { url: config.redisUrl ?? '', prefix: config.redisPrefix };
  const queue = new module.DeliveryQueue(redis, logger.child({ component: 'queue' }), now);
  const deadline = Date.now() + 10_000;
  while (!(await queue.ping())) {
    if (Date.now() > deadline) {
      await queue.close().catch(() => undefined);
      throw new Error('Cannot connect to Redis at SWITCHBOARD_REDIS_URL (no answer to PING within 10 s): start Redis, or fix the URL (redis://[user:password@]host:port[/db]).');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { module, redis, queue };
}

/**
 * Retention clean-up at start and every minute (the store prunes in bounded chunks). With a
 * shared database every process runs this timer and `exclusive` lets one of them prune per round.
 */
function startPruner(store: Store, logger: Logger, now: () => Date, exclusive: (work: () => Promise<{ events: number; dedupeKeys: number }>) => Promise<{ ran: boolean; value?: { events: number; dedupeKeys: number } }>): NodeJS.Timeout {
  const run = (): void => {
    exclusive(() => store.prune(now())).then(
      ({ value: result }) => {
        if (result && (result.events > 0 || result.dedupeKeys > 0)) logger.info({ pruned: result }, 'retention clean-up');
      },
      (err: unknown) => logger.error({ err }, 'retention clean-up failed'),
    );
  };
  run();
  const timer = setInterval(run, PRUNE_INTERVAL_MS);
  timer.unref();
  return timer;
}
