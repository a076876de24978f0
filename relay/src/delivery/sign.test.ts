import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { vectorsFile } from '../../test/support/paths.js';
import { generateSecret, sign, signatureHeaders, verify, type SignInput, type VerifyInput } from './sign.js';

interface Vector {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
  signature: string;
  why?: string;
}
const vectors = JSON.parse(readFileSync(vectorsFile, 'utf8')) as { valid: Vector[]; must_fail: Vector[] };

function headersOf(v: Pick<Vector, 'id' | 'timestamp' | 'signature'>): VerifyInput['headers'] {
  return { 'webhook-id': v.id, 'webhook-timestamp': String(v.timestamp), 'webhook-signature': v.signature };
}
const atTimestamp = (seconds: number): Date => new Date(seconds * 1000);

describe('Standard Webhooks vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.valid.length).toBeGreaterThan(0);
    expect(vectors.must_fail.length).toBeGreaterThan(0);
  });
  it.each(vectors.valid)('signs $id to the published signature', (v) => {
    expect(sign(v)).toBe(v.signature);
  });
  it.each(vectors.valid)('verifies the published signature of $id', (v) => {
    expect(verify({ secret: v.secret, headers: headersOf(v), body: v.body, now: atTimestamp(v.timestamp) })).toEqual({ ok: true });
  });
  it.each(vectors.must_fail)('refuses the must_fail vector: $why', (v) => {
    const result = verify({ secret: v.secret, headers: headersOf(v), body: v.body, now: atTimestamp(v.timestamp) });
    expect(result).toEqual({ ok: false, reason: 'no_matching_signature' });
  });
});

describe('verify, one valid message broken one way each', () => {
  const secret = generateSecret();
  const timestamp = 1_760_000_000;
  const message: SignInput = { secret, id: 'evt_01', timestamp, body: '{"type":"clarky.booking.confirmed"}' };
  const valid = (): VerifyInput => ({ secret, headers: signatureHeaders(message), body: message.body, now: atTimestamp(timestamp) });
  const withHeaders = (patch: Record<string, string | undefined>): VerifyInput => ({ ...valid(), headers: { ...signatureHeaders(message), ...patch } });
  const good = sign(message);

  it('accepts the valid message', () => {
    expect(verify(valid())).toEqual({ ok: true });
  });
  it.each<[string, VerifyInput, string]>([
    ['a missing secret', { ...valid(), secret: undefined }, 'missing_secret'],
    ['an empty secret', { ...valid(), secret: '' }, 'missing_secret'],
    ['a secret that is only the prefix', { ...valid(), secret: 'whsec_' }, 'invalid_secret'],
    ['a secret that is not base64', { ...valid(), secret: 'whsec_not base64!' }, 'invalid_secret'],
    ['another secret', { ...valid(), secret: generateSecret() }, 'no_matching_signature'],
    ['a body changed by one byte', { ...valid(), body: '{"type":"clarky.booking.confirmeD"}' }, 'no_matching_signature'],
    ['a timestamp older than 5 minutes', { ...valid(), now: atTimestamp(timestamp + 301) }, 'timestamp_too_old'],
    ['a timestamp more than 5 minutes ahead', { ...valid(), now: atTimestamp(timestamp - 301) }, 'timestamp_too_new'],
    ['a non-numeric timestamp', withHeaders({ 'webhook-timestamp': '1760000000.5' }), 'invalid_timestamp'],
    ['no webhook-id', withHeaders({ 'webhook-id': undefined }), 'missing_header'],
    ['an empty webhook-signature', withHeaders({ 'webhook-signature': '' }), 'missing_header'],
    ['only a v2 signature', withHeaders({ 'webhook-signature': good.replace('v1,', 'v2,') }), 'no_matching_signature'],
    ['a partial signature', withHeaders({ 'webhook-signature': good.slice(0, -4) }), 'no_matching_signature'],
    ['a signature without version', withHeaders({ 'webhook-signature': good.slice(3) }), 'no_matching_signature'],
  ])('refuses %s', (_name, input, reason) => {
    expect(verify(input)).toEqual({ ok: false, reason });
  });

  it('accepts a timestamp exactly 5 minutes away in either direction', () => {
    expect(verify({ ...valid(), now: atTimestamp(timestamp + 300) })).toEqual({ ok: true });
    expect(verify({ ...valid(), now: atTimestamp(timestamp - 300) })).toEqual({ ok: true });
  });
  it('accepts several space-separated signatures when one matches', () => {
    const rotated = `v1,${Buffer.alloc(32).toString('base64')} v2,whatever ${good}`;
    expect(verify(withHeaders({ 'webhook-signature': rotated }))).toEqual({ ok: true });
  });
  it('reads header names in any case', () => {
    const upper = { 'Webhook-Id': message.id, 'WEBHOOK-TIMESTAMP': String(timestamp), 'Webhook-Signature': good };
    expect(verify({ ...valid(), headers: upper })).toEqual({ ok: true });
  });
  it('verifies raw bytes that are not valid UTF-8', () => {
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const headers = signatureHeaders({ ...message, body });
    expect(verify({ ...valid(), headers, body })).toEqual({ ok: true });
    expect(verify({ ...valid(), headers, body: body.toString('utf8') })).toEqual({ ok: false, reason: 'no_matching_signature' });
  });
});

describe('sign', () => {
  it('throws on an unusable secret instead of signing with an empty key', () => {
    expect(() => sign({ secret: 'whsec_', id: 'evt_1', timestamp: 1, body: '' })).toThrow(/secret/);
  });
  it('throws on a fractional timestamp', () => {
    expect(() => sign({ secret: generateSecret(), id: 'evt_1', timestamp: 1.5, body: '' })).toThrow(/timestamp/);
  });
  it('generates whsec_ secrets of 24 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(generateSecret()).not.toBe(secret);
  });
});

describe('cross-check with the standardwebhooks package', () => {
  const secret = generateSecret();
  const body = '{"id":"evt_x","type":"clockwork.invitation_sent"}';
  const nowSeconds = Math.floor(Date.now() / 1000);

  it('accepts our signature', () => {
    const headers = signatureHeaders({ secret, id: 'evt_x', timestamp: nowSeconds, body });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });
  it('is accepted by us when it signs', () => {
    const signature = new Webhook(secret).sign('evt_x', new Date(nowSeconds * 1000), body);
    const headers = { 'webhook-id': 'evt_x', 'webhook-timestamp': String(nowSeconds), 'webhook-signature': signature };
    expect(verify({ secret, headers, body, now: new Date(nowSeconds * 1000) })).toEqual({ ok: true });
  });
  it('rejects our signature under another secret', () => {
    const headers = signatureHeaders({ secret, id: 'evt_x', timestamp: nowSeconds, body });
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
  });
});
