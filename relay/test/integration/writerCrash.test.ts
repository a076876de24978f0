/**
 * Drill: the SQLite writer thread dies mid-batch, again and again, under ingest and delivery
 * load. The relay runs as its own process with SWITCHBOARD_TEST_WRITER_EXIT_EVERY (the thread
 * calls process.exit inside the transaction of its Nth write; see writerWorker.ts).
 *
 * Expected: every event answered 202 is delivered; no webhook-id reaches the receiver twice
 * without a failed attempt between; every ingest request is answered within a bounded time
 * (202, or 503 + Retry-After while the thread is down; never a hang).
 */
import { rm } from 'node:fs/promises';
import { excessSends, missingDeliveries, steadyIngest } from '../support/drill.js';
import { fixtureBytes } from '../support/manifest.js';
import { eventually, startReceiver } from '../support/receiver.js';
import { apiCall, freePort, spawnRelay, tempDir } from '../support/relay.js';

const KEY = 'writer_crash_key_0123456789abcdef';
/** Ingest answers slower than this count as a hang. */
const ANSWER_BOUND_MS = 10_000;

test('writer thread killed mid-batch under load: every 202 delivered, none twice, every request answered in bounded time', async () => {
  const rx = await startReceiver();
  rx.on('/drill', (_req, res) => setTimeout(() => res.writeHead(200).end('ok'), 50));
  const dataDir = await tempDir();
  const relay = await spawnRelay({
    SWITCHBOARD_PORT: String(await freePort()), SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_API_KEYS: KEY, SWITCHBOARD_STORE: 'lowdb', SWITCHBOARD_DATABASE_URL: '', SWITCHBOARD_REDIS_URL: '',
    SWITCHBOARD_LOG_LEVEL: 'error', SWITCHBOARD_TEST_WRITER_EXIT_EVERY: '40',
  });
  let stopIngest: (() => Promise<unknown>) | null = null;
  try {
    const source = (await apiCall(relay.url, 'POST', '/sources', { vendor: 'clarky', name: 'crash' }, KEY)).body;
    expect((await apiCall(relay.url, 'POST', '/hooks', { target_url: `${rx.url}/drill`, event_types: ['clarky.*'], retry_schedule: [1, 1, 1, 1, 1] }, KEY)).status).toBe(201);

    const ingest = steadyIngest(source.ingest_url, fixtureBytes('clarky/message_sent.json'), { everyMs: 20, timeoutMs: ANSWER_BOUND_MS });
    stopIngest = ingest.stop;
    const deaths = (): number => relay.stdout.join('').split('event log writer thread stopped').length - 1;
    await eventually(async () => (deaths() >= 10 ? true : undefined), 40_000, 'the writer thread to die 10 times');
    const answers = await ingest.stop();
    await eventually(async () => (missingDeliveries(answers, rx.at('/drill')).length === 0 ? true : undefined), 30_000, 'every acknowledged event delivered');
    await new Promise((r) => setTimeout(r, 2_500)); // a resend would come with the next scans (idle scan: 1 s)

    expect(answers.filter((a) => a.status === 0 || a.ms >= ANSWER_BOUND_MS)).toEqual([]);
    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && a.retryAfter === null)).toEqual([]);
    expect(answers.filter((a) => a.status === 202).length).toBeGreaterThan(50);
    expect(missingDeliveries(answers, rx.at('/drill'))).toEqual([]);
    expect(await excessSends(relay.url, KEY, rx.at('/drill'))).toEqual([]);
    expect(relay.child.exitCode).toBeNull();
  } finally {
    await stopIngest?.();
    relay.child.kill('SIGKILL');
    await relay.exited;
    await rx.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}, 90_000);
