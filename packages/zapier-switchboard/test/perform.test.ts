import nock from 'nock';
import { requireEntry, type EventEnvelope } from '../src/catalog/catalog';
import { failureOf } from './helpers/errors';
import { relayHook, SECRET } from './helpers/hooks';
import { appTester, authData, hookOperation, setZcache, signedHeaders, zapierHookBundle } from './helpers/zapier';

function delivered(type: string): EventEnvelope {
  return { ...requireEntry(type).sample, id: 'evt_01JNQC7Z8Y6X4W2V0T8R6P4N2M', source: { id: 'src_1', name: 'Front desk' } };
}

/** One valid caught hook; each forgery below breaks it one way. */
function caught(event: EventEnvelope, opts: { secret?: string; timestamp?: number; body?: string } = {}) {
  const body = opts.body ?? JSON.stringify(event);
  return { method: 'POST' as const, headers: signedHeaders(opts.secret ?? SECRET, event.id, body, opts.timestamp), body };
}

const subscribeData = relayHook({ event_types: ['*'] });
const perform = (bundle: object) => appTester(hookOperation('new_event').perform, { authData, subscribeData, ...bundle });

beforeAll(() => nock.disableNetConnect());
// Every test starts with an empty z.cache: many deliver the same event to the same subscription.
beforeEach(() => setZcache({}));
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe('perform with a correctly signed raw request', () => {
  test.each([
    ['new_event', 'clarky.booking.confirmed', { booking_id: 'bk_01JNQA3D5F7H9K1M3P5R7T9V1X', contact_id: 'c_01JNQ8Z4W6T2X9R5B7K3M1P0HD' }],
    ['clarky_event', 'clarky.message.received', { conversation_id: 'cv_01JNQ8YZ1C4V7B0N3M6K9J2H5G', message_id: 'm_01JNQ8ZA1B3C5D7E9F1G3H5J7K' }],
    ['clockwise_md_appointment', 'clockwise_md.checkin', { appointment_id: 48213577 }],
    ['clarityflow_event', 'clarityflow.new_appointment', { object_type: 'appointment', object_id: 2207 }],
    ['clockwork_invitation', 'clockwork.invitation_sent', { customer_uuid: '5b9e2f7c-1d4a-4c3e-b8f6-0e7a2d9c4b18' }],
  ])('%s returns [event] for a signed %s, with its flat keys', async (key, type, vendorKeys) => {
    const event = delivered(type);
    const hook = relayHook({ event_types: [type] });
    const result = await appTester(hookOperation(key).perform, { authData, subscribeData: hook, ...zapierHookBundle(caught(event)) });
    expect(result).toEqual([expect.objectContaining({ ...event, source_id: 'src_1', source_name: 'Front desk', ...vendorKeys })]);
  });

  test('a header sent without the Http- prefix, in lower case, is found too', async () => {
    const event = delivered('clarky.booking.confirmed');
    const { method, headers, body } = caught(event);
    const bundle = { rawRequest: { method, querystring: '', headers, content: body }, cleanedRequest: event };
    expect(await perform(bundle)).toEqual([expect.objectContaining({ id: event.id })]);
  });

  test('one matching signature among several (secret rotation) is enough', async () => {
    const event = delivered('clarky.booking.confirmed');
    const request = caught(event);
    const other = caught(event, { secret: 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=' });
    request.headers['webhook-signature'] = `${other.headers['webhook-signature']} ${request.headers['webhook-signature']}`;
    expect(await perform(zapierHookBundle(request))).toHaveLength(1);
  });
});

describe('perform with a forged raw request', () => {
  const event = delivered('clarky.booking.confirmed');
  const now = Math.floor(Date.now() / 1000);
  type Caught = ReturnType<typeof caught>;
  const edited = (change: (request: Caught) => void) => (): Caught => {
    const request = caught(event);
    change(request);
    return request;
  };
  const OTHER_SECRET = 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=';
  const forgeries: [string, string, () => Caught][] = [
    ['the body changed after signing', 'no_matching_signature', edited((r) => (r.body = JSON.stringify({ ...event, person: null })))],
    ['signed with another secret', 'no_matching_signature', () => caught(event, { secret: OTHER_SECRET })],
    ['no signature header', 'missing_header', edited((r) => delete r.headers['webhook-signature'])],
    ['another webhook-id than signed', 'no_matching_signature', edited((r) => (r.headers['webhook-id'] = 'evt_other'))],
    ['a timestamp six minutes old', 'timestamp_too_old', () => caught(event, { timestamp: now - 360 })],
    ['a timestamp six minutes ahead', 'timestamp_too_new', () => caught(event, { timestamp: now + 360 })],
    ['a v2 signature only', 'no_matching_signature', edited((r) => (r.headers['webhook-signature'] = r.headers['webhook-signature']?.replace('v1,', 'v2,') ?? ''))],
  ];

  test.each(forgeries)('%s is halted (%s), so the Zap does not run', async (_why, reason, forge) => {
    const failure = await failureOf(perform(zapierHookBundle(forge())));
    expect(failure).toEqual({ name: 'HaltedError', message: `Ignored a request that Switchboard did not sign for this Zap (${reason}).` });
  });

  test('two spellings of a signature header that disagree are not guessed at', async () => {
    const forged = zapierHookBundle(caught(event, { secret: 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=' }));
    const genuine = caught(event);
    const headers = { ...forged.rawRequest.headers, 'webhook-signature': genuine.headers['webhook-signature'] };
    const failure = await failureOf(perform({ ...forged, rawRequest: { ...forged.rawRequest, headers } }));
    expect(failure.message).toMatch(/missing_header/);
  });

  test('a halted run shows only the reason, not the bundle with its secret', async () => {
    const request = caught(event, { secret: OTHER_SECRET });
    await expect(perform(zapierHookBundle(request))).rejects.toThrow(/^Ignored a request that Switchboard did not sign for this Zap \(no_matching_signature\)\.$/);
  });

  test('a subscription without a secret fails loudly and says to resubscribe', async () => {
    const { secret: _secret, ...hook } = relayHook();
    const failure = await failureOf(perform({ subscribeData: hook, ...zapierHookBundle(caught(event)) }));
    expect(failure).toMatchObject({ name: 'AppError', code: 'missing_secret', message: expect.stringMatching(/Turn the Zap off and on again/) });
  });

  test('a signed body that is not an event is an error, not an item', async () => {
    const failure = await failureOf(perform(zapierHookBundle(caught(event, { body: '{"text": "templated"}' }))));
    expect(failure).toMatchObject({ name: 'AppError', code: 'invalid_event' });
  });
});

describe('perform without a raw request: refused, and the relay is never asked', () => {
  const event = delivered('clarky.booking.confirmed');

  test('an unsigned body naming a real event id is halted', async () => {
    const failure = await failureOf(perform({ cleanedRequest: event }));
    expect(failure).toEqual({
      name: 'HaltedError',
      message: 'Ignored a request without the raw body Zapier passes with every caught hook: there is no signature to verify.',
    });
  });

  test('a raw request without a body string is halted too, even with valid headers', async () => {
    const { headers } = caught(event);
    const failure = await failureOf(perform({ rawRequest: { method: 'POST', querystring: '', headers }, cleanedRequest: event }));
    expect(failure).toMatchObject({ name: 'HaltedError', message: expect.stringMatching(/no signature to verify/) });
  });
});

describe('a repeated delivery (same webhook-id, same subscription) is halted; the Zap runs once', () => {
  const event = delivered('clarky.booking.confirmed');
  const repeatMessage = `Ignored a repeated delivery: Switchboard event "${event.id}" reached this Zap less than 5 minutes ago.`;

  test('the same signed request twice: the second is halted', async () => {
    const request = zapierHookBundle(caught(event));
    expect(await perform(request)).toEqual([expect.objectContaining({ id: event.id })]);

    expect(await failureOf(perform(request))).toEqual({ name: 'HaltedError', message: repeatMessage });
  });

  test('a relay retry (same webhook-id, a new timestamp and signature) is halted too', async () => {
    const now = Math.floor(Date.now() / 1000);
    await perform(zapierHookBundle(caught(event, { timestamp: now - 60 })));

    expect(await failureOf(perform(zapierHookBundle(caught(event))))).toMatchObject({ name: 'HaltedError', message: repeatMessage });
  });

  test('another webhook-id runs the Zap', async () => {
    await perform(zapierHookBundle(caught(event)));
    const other = { ...event, id: 'evt_01JNQC7Z8Y6X4W2V0T8R6P4N2Z' };

    expect(await perform(zapierHookBundle(caught(other)))).toEqual([expect.objectContaining({ id: other.id })]);
  });

  test("another Zap's subscription receiving the same event runs", async () => {
    await perform(zapierHookBundle(caught(event)));
    const otherZap = relayHook({ id: 'hook_01JNQB0000000000000000000B', event_types: ['*'] });

    expect(await perform({ subscribeData: otherZap, ...zapierHookBundle(caught(event)) })).toHaveLength(1);
  });

  test('a forged request is never remembered: the genuine delivery after it runs', async () => {
    await failureOf(perform(zapierHookBundle(caught(event, { secret: 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=' }))));

    expect(await perform(zapierHookBundle(caught(event)))).toHaveLength(1);
  });

  test('when z.cache cannot be reached the Zap runs (fail open: a duplicate rather than a lost event)', async () => {
    setZcache(null);
    const request = zapierHookBundle(caught(event));

    expect(await perform(request)).toHaveLength(1);
    expect(await perform(request)).toHaveLength(1);
  });
});
