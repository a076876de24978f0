import { headerValue } from '../src/signature/rawRequest';
import { verify, type SignedMessage } from '../src/signature/standardWebhooks';
import { readFixture } from './helpers/fixtures';

interface Vector {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
  signature: string;
  why?: string;
}

const vectors = JSON.parse(readFixture('standard-webhooks', 'vectors.json')) as { valid: Vector[]; must_fail: Vector[] };

function message(v: Vector, overrides: Partial<SignedMessage> = {}): SignedMessage {
  return { secret: v.secret, id: v.id, timestamp: String(v.timestamp), signature: v.signature, body: v.body, now: new Date(v.timestamp * 1000), ...overrides };
}

const valid = vectors.valid[0];
if (!valid) throw new Error('vectors.json has no valid vector');

describe('Standard Webhooks verification (shared vectors)', () => {
  test.each(vectors.valid)('accepts the spec vector $id', (v) => {
    expect(verify(message(v))).toEqual({ ok: true, id: v.id, timestamp: v.timestamp });
  });

  test.each(vectors.must_fail)('refuses: $why', (v) => {
    expect(verify(message(v))).toEqual({ ok: false, reason: 'no_matching_signature' });
  });

  test('accepts several space-separated signatures when one matches (secret rotation)', () => {
    expect(verify(message(valid, { signature: `v1,bm90IGl0 ${valid.signature}` })).ok).toBe(true);
  });

  test('refuses a timestamp more than 5 minutes old or ahead, accepts one just inside', () => {
    const at = (offset: number) => new Date((valid.timestamp + offset) * 1000);
    expect(verify(message(valid, { now: at(301) }))).toEqual({ ok: false, reason: 'timestamp_too_old' });
    expect(verify(message(valid, { now: at(-301) }))).toEqual({ ok: false, reason: 'timestamp_too_new' });
    expect(verify(message(valid, { now: at(300) })).ok).toBe(true);
  });

  test.each([
    ['no secret', { secret: undefined }, 'missing_secret'],
    ['an empty secret', { secret: '' }, 'missing_secret'],
    ['a secret that is not base64', { secret: 'whsec_not base64!' }, 'invalid_secret'],
    ['no webhook-id', { id: null }, 'missing_header'],
    ['no webhook-timestamp', { timestamp: null }, 'missing_header'],
    ['no webhook-signature', { signature: null }, 'missing_header'],
    ['a timestamp that is not Unix seconds', { timestamp: '2021-02-25T15:02:10Z' }, 'invalid_timestamp'],
    ['a signature without a version', { signature: 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }, 'no_matching_signature'],
  ] as const)('fails closed on %s', (_why, overrides, reason) => {
    expect(verify(message(valid, overrides))).toEqual({ ok: false, reason });
  });
});

describe("header lookup in Zapier's renamed headers", () => {
  test.each([
    ['Http-Webhook-Signature', { 'Http-Webhook-Signature': 'v1,x' }],
    ['http-webhook-signature', { 'http-webhook-signature': 'v1,x' }],
    ['webhook-signature', { 'webhook-signature': 'v1,x' }],
    ['WEBHOOK-SIGNATURE', { 'WEBHOOK-SIGNATURE': 'v1,x' }],
  ])('finds %s', (_name, headers) => {
    expect(headerValue(headers, 'webhook-signature')).toBe('v1,x');
  });

  test('two spellings with the same value are one header', () => {
    expect(headerValue({ 'Http-Webhook-Id': 'evt_1', 'webhook-id': 'evt_1' }, 'webhook-id')).toBe('evt_1');
  });

  test('two spellings with different values are treated as missing', () => {
    expect(headerValue({ 'Http-Webhook-Id': 'evt_1', 'webhook-id': 'evt_2' }, 'webhook-id')).toBeNull();
  });

  test('an empty or unrelated header is missing', () => {
    expect(headerValue({ 'Http-Webhook-Id': '' }, 'webhook-id')).toBeNull();
    expect(headerValue({ 'X-Webhook-Id': 'evt_1' }, 'webhook-id')).toBeNull();
  });
});
