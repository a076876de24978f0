/**
 * SWITCHBOARD_TARGET_POLICY on the address actually connected to. DNS is the edge we cannot run
 * here, so the relay gets an injected resolver that maps test names to chosen addresses; the
 * connections themselves are real.
 */
import type { BaseLookup } from '../../src/delivery/targetPolicy.js';
import { fixtureBytes } from '../support/manifest.js';
import { eventually, startReceiver, type Receiver } from '../support/receiver.js';
import { startTestRelay, type TestRelay } from '../support/relay.js';

/**
 * `rebind.test` resolves to loopback, `metadata.test` to the cloud-metadata address,
 * `compat-metadata.test` to its IPv4-compatible IPv6 form, `aws6.test` to AWS's IPv6 EKS endpoint.
 */
const lookup: BaseLookup = (hostname, _options, callback) => {
  const table: Record<string, string> = {
    'rebind.test': '127.0.0.1',
    'metadata.test': '169.254.169.254',
    'compat-metadata.test': '::a9fe:a9fe',
    'aws6.test': 'fd00:ec2::23',
  };
  const address = table[hostname];
  if (!address) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
  return callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
};

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(async () => rx.close());

async function withRelay(policy: 'private' | 'public-only', run: (relay: TestRelay) => Promise<void>): Promise<void> {
  const relay = await startTestRelay({ SWITCHBOARD_TARGET_POLICY: policy }, undefined, { lookup });
  try {
    await run(relay);
  } finally {
    await relay.stop();
  }
}

const port = (): string => new URL(rx.url).port;

test.each(['private', 'public-only'] as const)('under %s, link-local and metadata targets are refused at save time', async (policy) => {
  await withRelay(policy, async (relay) => {
    for (const target of ['http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/x', 'http://metadata.google.internal/']) {
      const res = await relay.api('POST', '/hooks', { target_url: target, event: 'clarky.booking.confirmed' });
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_target_url', field: 'target_url' } } });
    }
  });
});

/** IPv6 forms of the metadata address, and metadata and platform addresses outside link-local (issue #12, item 8). */
const METADATA_TARGETS = [
  'http://[::169.254.169.254]/latest/meta-data/',
  'http://[::a9fe:a9fe]/latest/meta-data/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:a9fe:a9fe::1]/',
  'http://[2001:0:4136:e378:8000:63bf:5601:5601]/',
  'http://[fd20:ce::254]/computeMetadata/v1/',
  'http://[fd00:ec2::23]/v1/credentials',
  'http://[fd00:ec2::254]/latest/meta-data/',
  'http://168.63.129.16/machine/',
  'http://100.100.100.200/latest/meta-data/',
  'http://192.0.0.192/latest/',
];

test.each(['private', 'public-only'] as const)('under %s, every form of a metadata or platform address is refused at save time', async (policy) => {
  await withRelay(policy, async (relay) => {
    for (const target of METADATA_TARGETS) {
      const res = await relay.api('POST', '/hooks', { target_url: target, event: 'clarky.booking.confirmed' });
      expect({ target, status: res.status, code: res.body?.error?.code }).toEqual({ target, status: 400, code: 'invalid_target_url' });
    }
    expect((await relay.api('GET', '/hooks')).body.data).toEqual([]);
  });
});

test('public-only refuses loopback and private literal addresses at save time', async () => {
  await withRelay('public-only', async (relay) => {
    for (const target of [`http://127.0.0.1:${port()}/x`, 'http://10.1.2.3/x', 'http://192.168.0.10/x', `http://localhost:${port()}/x`, `http://[::127.0.0.1]:${port()}/x`, 'http://[::10.0.0.1]/x']) {
      const res = await relay.api('POST', '/hooks', { target_url: target, event: 'clarky.booking.confirmed' });
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_target_url' } } });
    }
  });
});

async function deliverVia(relay: TestRelay, host: string, path: string): Promise<any> {
  const source = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'ssrf' })).body;
  const hook = await relay.api('POST', '/hooks', { target_url: `http://${host}:${port()}${path}`, event_types: ['*'], source_id: source.id, retry_enabled: false });
  expect(hook.status).toBe(201);
  await fetch(source.ingest_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixtureBytes('clarky/booking_confirmed.json') });
  return eventually(async () => {
    const list = (await relay.api('GET', `/hooks/${hook.body.id}/deliveries`)).body.data;
    return list[0] && list[0].status !== 'pending' ? list[0] : undefined;
  });
}

test('public-only refuses a hostname that resolves to loopback, at connect time', async () => {
  await withRelay('public-only', async (relay) => {
    const delivery = await deliverVia(relay, 'rebind.test', '/rebind-refused');
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts_log[0]).toMatchObject({ status_code: null, outcome: 'failed_permanent' });
    expect(delivery.attempts_log[0].error).toMatch(/127\.0\.0\.1/);
    expect(rx.at('/rebind-refused')).toHaveLength(0);
  });
});

test('private allows that same hostname (loopback is fine there)', async () => {
  await withRelay('private', async (relay) => {
    const delivery = await deliverVia(relay, 'rebind.test', '/rebind-allowed');
    expect(delivery.status).toBe('succeeded');
    expect(rx.at('/rebind-allowed')).toHaveLength(1);
  });
});

test('private still refuses a hostname that resolves to the metadata address', async () => {
  await withRelay('private', async (relay) => {
    const delivery = await deliverVia(relay, 'metadata.test', '/never');
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts_log[0].error).toMatch(/169\.254\.169\.254/);
  });
});

test.each([
  ['compat-metadata.test', '::a9fe:a9fe'],
  ['aws6.test', 'fd00:ec2::23'],
])('private refuses %s, which resolves to %s, at connect time', async (host, address) => {
  await withRelay('private', async (relay) => {
    const delivery = await deliverVia(relay, host, '/never');
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts_log[0]).toMatchObject({ status_code: null, outcome: 'failed_permanent' });
    expect(delivery.attempts_log[0].error).toContain(address);
  });
});
