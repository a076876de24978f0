/**
 * The event database's writer thread (see `WorkerWriter` in writer.ts): owns the only write
 * connection, group commits the requests that arrive together, and answers each batch with one
 * message after its COMMIT returned.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { errorCode, errorMessage } from '../errorInfo.js';
import { GroupCommitter } from './groupCommit.js';
import { openWriteConnection } from './schema.js';
import type { WriterError, WriterReply, WriterRequest, WriterStart } from './writerProtocol.js';
import { SqliteWrites } from './writes.js';

if (!parentPort) throw new Error('writerWorker.js runs as a worker thread');
const port: MessagePort = parentPort;
const start = workerData as WriterStart;

let db: Database.Database;
let committer: GroupCommitter;
let writes: SqliteWrites;
try {
  db = openWriteConnection(start.file);
  writes = new SqliteWrites(db, start.limits, start.pruneChunk);
  committer = new GroupCommitter(db, writes);
  port.postMessage([{ id: 0, ready: true }] satisfies WriterReply[]);
} catch (error) {
  port.postMessage([{ id: 0, error: toWriterError(error) }] satisfies WriterReply[]);
  port.close();
  throw error;
}

/**
 * Test-only fault: with SWITCHBOARD_TEST_WRITER_EXIT_EVERY=N the thread exits (a real thread
 * death, `process.exit` in a worker ends only the worker) inside the transaction of its Nth
 * write, mid-batch, before COMMIT. Each replacement thread counts afresh, so a relay under load
 * keeps losing its writer (test/integration/writerCrash.test.ts). Unset in production.
 */
const exitEvery = Number(process.env['SWITCHBOARD_TEST_WRITER_EXIT_EVERY'] ?? '');
let writesSeen = 0;
function maybeExitForTest(): void {
  if (Number.isInteger(exitEvery) && exitEvery > 0 && ++writesSeen >= exitEvery) process.exit(70);
}

let outbox: WriterReply[] = [];
let lastStats = '';

/** Sends every reply collected in this turn as one message, with the committer's counters when they changed. */
function reply(entry: WriterReply): void {
  if (outbox.length === 0) queueMicrotask(flushOutbox);
  outbox.push(entry);
}

function flushOutbox(): void {
  const stats = committer.stats();
  const key = `${stats.transactions}:${stats.jobs}:${stats.largestBatch}`;
  if (key !== lastStats) {
    lastStats = key;
    outbox.push({ stats });
  }
  const batch = outbox;
  outbox = [];
  port.postMessage(batch);
}

port.on('message', (requests: WriterRequest[]) => {
  for (const request of requests) handle(request);
});

function handle(request: WriterRequest): void {
  const { id } = request;
  const settle = (work: Promise<unknown>): void => {
    work.then(
      (value) => reply({ id, value }),
      (error: unknown) => reply({ id, error: toWriterError(error) }),
    );
  };
  switch (request.op) {
    case 'prune':
      pruning = writes.prune(request.arg.nowMs);
      settle(pruning);
      return;
    case 'close':
      void closeAll(id);
      return;
    default:
      settle(
        committer.enqueue(() => {
          maybeExitForTest();
          return writes.apply(request.op, request.arg as never);
        }),
      );
  }
}

let pruning: Promise<unknown> = Promise.resolve();

/** Lets a running prune finish, commits what is queued, sends the last replies, then closes. */
async function closeAll(id: number): Promise<void> {
  await pruning.catch(() => undefined);
  committer.close();
  await new Promise<void>((resolve) => setImmediate(resolve)); // the commit's replies are queued as microtasks
  if (outbox.length > 0) flushOutbox();
  db.close();
  port.postMessage([{ id, value: undefined }] satisfies WriterReply[]);
  port.close();
}

function toWriterError(error: unknown): WriterError {
  const code = errorCode(error);
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: errorMessage(error),
    ...(code ? { code } : {}),
  };
}
