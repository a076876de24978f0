/**
 * Wrong admin API keys are throttled per client address (sign-in and bearer share one budget);
 * a spent budget refuses even the right key until the window ends. Over real HTTP on loopback.
 */
import { ADMIN_FAILED_AUTH_PER_ADDRESS } from '../../src/auth/failedAuth.js';
import { startTestRelay, TEST_API_KEY, type TestRelay } from '../support/relay.js';

let relay: TestRelay;
beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(() => relay.stop());

async function signIn(key: string): Promise<{ status: number; retryAfter: string | null; code: string | undefined }> {
  const res = await fetch(`${relay.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: key }) });
  const body = (await res.json()) as { error?: { code?: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.code };
}

test('sign-in with wrong keys: 401 up to the budget, then 429 with Retry-After, and the right key waits too', async () => {
  const tries = [];
  for (let i = 0; i < ADMIN_FAILED_AUTH_PER_ADDRESS + 5; i++) tries.push(await signIn(`wrong-key-${i}-0123456789`));
  expect(tries.filter((t) => t.status === 401)).toHaveLength(ADMIN_FAILED_AUTH_PER_ADDRESS);
  expect(tries.slice(ADMIN_FAILED_AUTH_PER_ADDRESS).every((t) => t.status === 429 && t.code === 'rate_limited' && Number(t.retryAfter) >= 1)).toBe(true);
  expect(await signIn(TEST_API_KEY)).toMatchObject({ status: 429, code: 'rate_limited' });
  expect((await relay.api('GET', '/me')).status).toBe(429);
});

test('wrong bearer keys spend the same budget as sign-in', async () => {
  for (let i = 0; i < ADMIN_FAILED_AUTH_PER_ADDRESS; i++) expect((await relay.api('GET', '/me', undefined, `wrong-key-${i}-0123456789`)).status).toBe(401);
  const refused = await relay.api('GET', '/me', undefined, 'wrong-key-last-0123456789');
  expect(refused.status).toBe(429);
  expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(await signIn(TEST_API_KEY)).toMatchObject({ status: 429 });
});

test('a few wrong keys leave the right key working', async () => {
  for (let i = 0; i < 3; i++) expect((await signIn(`wrong-key-${i}-0123456789`)).status).toBe(401);
  expect((await signIn(TEST_API_KEY)).status).toBe(201);
  expect((await relay.api('GET', '/me')).status).toBe(200);
});
