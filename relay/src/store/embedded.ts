import { forwardStore } from './compose.js';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low, Memory, type Adapter } from 'lowdb';
import { validateStoreLimits } from './limits.js';
import { emptyConfig, parseConfig, type ConfigData } from './lowdb/configData.js';
import { LowConfigStore } from './lowdb/configStore.js';
import { DurableJsonFile } from './lowdb/durableFile.js';
import { SqliteDeliveryLog } from './sqlite/deliveryLog.js';
import { SqliteEventLog } from './sqlite/eventLog.js';
import type { GroupCommitStats } from './sqlite/groupCommit.js';
import type { PruneCounts } from './sqlite/prune.js';
import { openEventDatabase } from './sqlite/schema.js';
import { SqliteStats } from './sqlite/stats.js';
import { InlineWriter, WorkerWriter, type EventWriter } from './sqlite/writer.js';
import type { Store, StoreLimits } from './types.js';

export const CONFIG_FILE = 'config.json';
export const EVENTS_FILE = 'events.sqlite3';

export interface EmbeddedStoreOptions {
  /** Folder for `config.json` and `events.sqlite3`, created (mode 0700) if missing. `null`: all in memory (tests). */
  dataDir: string | null;
  limits: StoreLimits;
  logger?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Rows deleted per prune transaction. @default 5000 */
  pruneChunk?: number;
}

export interface EmbeddedStore extends Store {
  readonly kind: 'embedded';
  /** Group-commit counters of the event log, for tests and `/metrics`. */
  stats(): GroupCommitStats;
  /** The `Store` counts plus the deliveries and attempts removed. */
  prune(now: Date): Promise<PruneCounts>;
}

/**
 * The embedded default: configuration (sources, API keys, hooks) in a lowdb JSON file written
 * durably; events, dedupe keys, rejections, deliveries and attempts in SQLite (WAL,
 * synchronous=FULL), every write group-committed by one writer thread, reads on this thread.
 * See docs/storage.md.
 */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const limits = validateStoreLimits(options.limits);
  const { dataDir } = options;
  let adapter: Adapter<ConfigData>;
  let durable: DurableJsonFile<ConfigData> | null = null;
  if (dataDir === null) {
    adapter = new Memory<ConfigData>();
  } else {
    await prepareDataDir(dataDir, options.logger);
    durable = new DurableJsonFile(path.join(dataDir, CONFIG_FILE), { parse: parseConfig });
    adapter = durable;
  }
  const db = new Low<ConfigData>(adapter, emptyConfig());
  await db.read();
  const config = new LowConfigStore(db);
  const file = dataDir === null ? ':memory:' : path.join(dataDir, EVENTS_FILE);
  const sqlite = openEventDatabase(file);
  let writer: EventWriter;
  if (dataDir === null) {
    writer = new InlineWriter(sqlite, limits, options.pruneChunk);
  } else {
    // Writes in their own thread (see WorkerWriter); this connection only reads from now on.
    try {
      writer = await WorkerWriter.open({ file, limits, ...(options.pruneChunk ? { pruneChunk: options.pruneChunk } : {}) }, options.logger);
    } catch (error) {
      sqlite.close();
      throw error;
    }
    sqlite.pragma('query_only = ON');
  }
  const events = new SqliteEventLog(sqlite, limits, { writer });
  const deliveries = new SqliteDeliveryLog(sqlite, writer);
  const statsLog = new SqliteStats(sqlite);

  let state: 'open' | 'closing' | 'closed' = 'open';
  let closing: Promise<void> | null = null;
  return {
    kind: 'embedded',
    ...forwardStore({ config, events, deliveries, stats: statsLog }),
    prune: (now) => events.prune(now),
    stats: () => events.stats(),
    isReady: () => state === 'open',
    close: () => {
      closing ??= (async () => {
        state = 'closing';
        await events.close();
        await config.idle();
        await durable?.idle();
        state = 'closed';
      })();
      return closing;
    },
  };
}

async function prepareDataDir(dir: string, logger: EmbeddedStoreOptions['logger']): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await stat(dir);
  if (!info.isDirectory()) throw new Error(`SWITCHBOARD_DATA_DIR ${dir} is not a directory`);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    logger?.warn(
      { dataDir: dir, mode: (info.mode & 0o777).toString(8) },
      'data directory is readable by other users; it holds token hashes and raw webhook bodies (chmod 700 it)',
    );
  }
}
