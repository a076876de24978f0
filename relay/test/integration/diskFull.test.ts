/**
 * Drill: the data directory's filesystem fills up while events arrive and deliveries run, then
 * space returns. A real size-limited filesystem (tmpfs, mounted as root), a real relay process,
 * a real receiver answering 200.
 *
 * Expected: what could not be stored is refused 503 with Retry-After (never 202, never a plain
 * 500); every 202 is delivered once space returns; no webhook-id reaches the receiver twice
 * without a failed attempt between; /readyz says `writes: failing` (503) while writes fail and
 * 200 after; the same process recovers, without a restart.
 */
import path from 'node:path';
import { canMount, mountTinyFs } from '../../src/store/fullDiskTesting.js';
import { excessSends, missingDeliveries, steadyIngest, watchReadiness } from '../support/drill.js';
import { fixtureBytes } from '../support/manifest.js';
import { eventually, startReceiver } from '../support/receiver.js';
import { apiCall, freePort, spawnRelay } from '../support/relay.js';

const KEY = 'disk_full_key_0123456789abcdef';

// Mounting a size-limited tmpfs needs root (CI runs as root); elsewhere the drill is skipped with a notice.
if (!canMount()) console.warn('diskFull drill SKIPPED: it needs root to mount a size-limited tmpfs (CI runs it as root)');
const drill = canMount() ? test : test.skip;

drill('disk full under ingest and delivery: 503 + Retry-After, nothing acknowledged lost, nothing sent twice, not ready while full, recovers without restart', async () => {
  const fs = await mountTinyFs('8m', 'disk-full drill');
  if (!fs) throw new Error('could not mount a tmpfs');
  const rx = await startReceiver();
  // A slowish subscriber: attempts are out when the disk fills, so their records are what fail.
  rx.on('/drill', (_req, res) => setTimeout(() => res.writeHead(200).end('ok'), 150));
  const dataDir = path.join(fs.dir, 'data');
  const relay = await spawnRelay({ SWITCHBOARD_PORT: String(await freePort()), SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_API_KEYS: KEY, SWITCHBOARD_STORE: 'lowdb', SWITCHBOARD_DATABASE_URL: '', SWITCHBOARD_REDIS_URL: '', SWITCHBOARD_LOG_LEVEL: 'error' });
  const ready = watchReadiness(relay.url);
  let stopIngest: (() => Promise<unknown>) | null = null;
  try {
    const source = (await apiCall(relay.url, 'POST', '/sources', { vendor: 'clarky', name: 'full' }, KEY)).body;
    expect((await apiCall(relay.url, 'POST', '/hooks', { target_url: `${rx.url}/drill`, event_types: ['clarky.*'], retry_schedule: [1, 1, 1, 1, 1] }, KEY)).status).toBe(201);
    // Replays go to a subscription of no event type at its own path: they never count as repeats.
    const spare = (await apiCall(relay.url, 'POST', '/hooks', { target_url: `${rx.url}/replay`, event_types: ['nothing.*'] }, KEY)).body;

    const ingest = steadyIngest(source.ingest_url, fixtureBytes('clarky/message_sent.json'), { everyMs: 20, timeoutMs: 10_000 });
    stopIngest = ingest.stop;
    await eventually(async () => (ingest.answers.filter((a) => a.status === 202).length >= 20 ? true : undefined), 20_000, '20 events accepted before the disk fills');
    const firstAccepted = ingest.answers.find((a) => a.status === 202)?.eventId ?? '';

    await fs.fill();
    // Full: ingest must refuse, and so must every other write of the API.
    await eventually(async () => (ingest.answers.filter((a) => a.status === 503).length >= 10 ? true : undefined), 30_000, '10 ingest refusals on the full disk');
    await eventually(async () => (ready.seen.some((r) => r.status === 503 && r.body['writes'] === 'failing') ? true : undefined), 10_000, '/readyz 503 writes: failing');
    const refusedSource = await apiCall(relay.url, 'POST', '/sources', { vendor: 'clarky', name: 'while full' }, KEY);
    const refusedReplay = await apiCall(relay.url, 'POST', `/events/${firstAccepted}/replay`, { hook_id: spare.id }, KEY);
    await fs.fill(); // whatever the relay's failed writes gave back
    // Stay full a while: deliveries answered now cannot be recorded, and must not be sent again.
    const fullUntil = rx.at('/drill').length + 40;
    await eventually(async () => (rx.at('/drill').length >= fullUntil ? true : undefined), 15_000, '40 more deliveries answered while full').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2_000));

    await fs.free();
    await eventually(async () => (ingest.answers.slice(-10).every((a) => a.status === 202) ? true : undefined), 30_000, 'ingest accepted again after space returned');
    const answers = await ingest.stop();
    const accepted = answers.filter((a) => a.status === 202);

    await eventually(async () => (missingDeliveries(answers, rx.at('/drill')).length === 0 ? true : undefined), 30_000, 'every acknowledged event delivered');
    await new Promise((r) => setTimeout(r, 2_500)); // a resend would come with the next scans (idle scan: 1 s)
    await eventually(async () => (ready.seen.at(-1)?.status === 200 ? true : undefined), 40_000, '/readyz 200 again');
    ready.stop();

    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && a.retryAfter === null)).toEqual([]);
    expect(accepted.length).toBeGreaterThan(20);
    expect(missingDeliveries(answers, rx.at('/drill'))).toEqual([]);
    expect(await excessSends(relay.url, KEY, rx.at('/drill'))).toEqual([]);
    for (const refused of [refusedSource, refusedReplay]) {
      expect({ status: refused.status, code: refused.body?.error?.code, retryAfter: refused.headers.get('retry-after') }).toEqual({ status: 503, code: 'storage_unavailable', retryAfter: expect.stringMatching(/^\d+$/) });
    }
    expect(rx.at('/replay')).toEqual([]);
    expect(relay.child.exitCode).toBeNull(); // the same process, never restarted
  } finally {
    await stopIngest?.();
    ready.stop();
    relay.child.kill('SIGKILL');
    await relay.exited;
    await rx.close();
    await fs.unmount();
  }
}, 90_000);
