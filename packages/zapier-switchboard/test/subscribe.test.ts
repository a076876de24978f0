import nock from 'nock';
import { failureOf } from './helpers/errors';
import { relayHook } from './helpers/hooks';
import { API_KEY, appTester, authData, hookOperation, RELAY } from './helpers/zapier';

const TARGET = 'https://hooks.zapier.com/hooks/standard/123/abc';

/** Every visible trigger, with the pattern it subscribes to when its inputs are left empty. */
const TRIGGERS = [
  { key: 'new_event', label: 'New Event', pattern: '*' },
  { key: 'clockwork_invitation', label: 'New Clockwork Invitation', pattern: 'clockwork.invitation_sent' },
  { key: 'clockwise_md_appointment', label: 'Clockwise.MD Appointment Changed', pattern: 'clockwise_md.*' },
  { key: 'clarityflow_event', label: 'New Clarityflow Event', pattern: 'clarityflow.*' },
  { key: 'clarky_event', label: 'New Clarky Event', pattern: 'clarky.*' },
] as const;

const relay = () => nock(RELAY, { reqheaders: { authorization: `Bearer ${API_KEY}` } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe.each(TRIGGERS)('$key', ({ key, label, pattern }) => {
  test(`subscribe creates a relay hook for the target URL on ${pattern} and returns it with its secret`, async () => {
    const hook = relayHook({ event_types: [pattern], name: `Zapier: ${label}` });
    relay()
      .post('/api/v1/hooks', {
        target_url: TARGET,
        event_types: [pattern],
        name: `Zapier: ${label}`,
        description: 'Created by the Switchboard Zapier integration; deleted when the Zap is turned off.',
      })
      .reply(201, hook);
    const subscribeData = await appTester(hookOperation(key).performSubscribe, { authData, targetUrl: TARGET, inputData: {} });
    expect(subscribeData).toEqual(hook);
  });

  test('subscribe passes the chosen source on', async () => {
    relay()
      .post('/api/v1/hooks', (body: Record<string, unknown>) => body['source_id'] === 'src_1' && body['target_url'] === TARGET)
      .reply(201, relayHook({ source_id: 'src_1' }));
    await appTester(hookOperation(key).performSubscribe, { authData, targetUrl: TARGET, inputData: { source_id: 'src_1' } });
  });

  test('unsubscribe deletes the relay hook named in subscribeData', async () => {
    relay().delete('/api/v1/hooks/hook_01JNQB0000000000000000000A').reply(204);
    const result = await appTester(hookOperation(key).performUnsubscribe, { authData, subscribeData: relayHook() });
    expect(result).toEqual({ id: 'hook_01JNQB0000000000000000000A', deleted: true, result: 'deleted' });
  });
});

describe('subscribe and unsubscribe edge cases', () => {
  test('a chosen event type is subscribed exactly', async () => {
    relay()
      .post('/api/v1/hooks', (body: Record<string, unknown>) => JSON.stringify(body['event_types']) === '["clarky.booking.confirmed"]')
      .reply(201, relayHook({ event_types: ['clarky.booking.confirmed'] }));
    await appTester(hookOperation('clarky_event').performSubscribe, {
      authData,
      targetUrl: TARGET,
      inputData: { event_type: 'clarky.booking.confirmed' },
    });
  });

  test("a vendor trigger refuses another vendor's event type without calling the relay", async () => {
    const call = appTester(hookOperation('clarky_event').performSubscribe, {
      authData,
      targetUrl: TARGET,
      inputData: { event_type: 'clockwork.invitation_sent' },
    });
    await expect(call).rejects.toThrow(/only covers Clarky events.*starting with `clarky\.`/);
  });

  test('a malformed event type is refused with the expected forms', async () => {
    const call = appTester(hookOperation('new_event').performSubscribe, { authData, targetUrl: TARGET, inputData: { event_type: 'booking' } });
    await expect(call).rejects.toThrow(/Expected Event Type to be `\*`, `<vendor>\.\*` or `<vendor>\.<event>`/);
  });

  test("a relay refusal (400) is shown with the relay's message and field", async () => {
    relay()
      .post('/api/v1/hooks')
      .reply(400, { error: { code: 'invalid_field', message: 'There is no source "src_gone".', field: 'source_id' } });
    const call = appTester(hookOperation('new_event').performSubscribe, { authData, targetUrl: TARGET, inputData: { source_id: 'src_gone' } });
    expect(await failureOf(call)).toEqual({
      name: 'AppError',
      message: 'Switchboard answered 400 to POST /api/v1/hooks: There is no source "src_gone". (field `source_id`)',
      code: 'invalid_field',
      status: 400,
    });
  });

  test('a subscribe answer without a secret is refused, so no Zap runs unverifiable', async () => {
    const { secret: _secret, ...withoutSecret } = relayHook();
    relay().post('/api/v1/hooks').reply(201, withoutSecret);
    const call = appTester(hookOperation('new_event').performSubscribe, { authData, targetUrl: TARGET, inputData: {} });
    await expect(call).rejects.toThrow(/unexpected subscription: Expected `subscribeData.secret`/);
  });

  test('unsubscribing a hook the relay already deleted (404, e.g. after a 410) succeeds', async () => {
    relay()
      .delete('/api/v1/hooks/hook_01JNQB0000000000000000000A')
      .reply(404, { error: { code: 'not_found', message: 'No hook.' } });
    const result = await appTester(hookOperation('new_event').performUnsubscribe, { authData, subscribeData: relayHook() });
    expect(result).toMatchObject({ deleted: true, result: 'already_gone' });
  });

  test('unsubscribe surfaces other relay failures', async () => {
    relay()
      .delete('/api/v1/hooks/hook_01JNQB0000000000000000000A')
      .reply(503, { error: { code: 'not_ready', message: 'Store not open.' } });
    const call = appTester(hookOperation('new_event').performUnsubscribe, { authData, subscribeData: relayHook() });
    await expect(call).rejects.toThrow(/Switchboard answered 503 to DELETE \/api\/v1\/hooks\/hook_01JNQB0000000000000000000A: Store not open\./);
  });

  test('unsubscribe without a recorded subscription makes no request', async () => {
    const result = await appTester(hookOperation('new_event').performUnsubscribe, { authData, subscribeData: undefined });
    expect(result).toMatchObject({ deleted: false });
  });
});
