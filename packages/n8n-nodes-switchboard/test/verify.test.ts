import { createHmac } from 'node:crypto';
import { verify, type VerifyInput } from '../nodes/shared/verify';
import { readVectors, type Vector } from './support/fixtures';

const vectors = readVectors();
const valid = vectors.valid[0] as Vector;
/** What the valid vector verifies to: its id and timestamp, for the trigger to remember. */
const accepted = { ok: true, id: valid.id, timestamp: valid.timestamp };

function input(vector: Vector, overrides: Partial<VerifyInput> = {}): VerifyInput {
	return {
		secret: vector.secret,
		headers: {
			'webhook-id': vector.id,
			'webhook-timestamp': String(vector.timestamp),
			'webhook-signature': vector.signature,
		},
		body: Buffer.from(vector.body),
		now: new Date(vector.timestamp * 1000),
		...overrides,
	};
}

function withHeaders(headers: VerifyInput['headers']): Partial<VerifyInput> {
	return { headers: { ...input(valid).headers, ...headers } };
}

describe('Standard Webhooks verification (shared vectors)', () => {
	it.each(vectors.valid.map((v) => [v.id, v] as const))(
		'accepts the valid vector %s',
		(_id, vector) => {
			expect(verify(input(vector))).toEqual({
				ok: true,
				id: vector.id,
				timestamp: vector.timestamp,
			});
		},
	);

	it.each(vectors.must_fail.map((v) => [v.why ?? v.id, v] as const))(
		'refuses the must-fail vector: %s',
		(_why, vector) => {
			expect(verify(input(vector)).ok).toBe(false);
		},
	);
});

describe('Standard Webhooks verification, one thing broken at a time', () => {
	it('accepts the body as a string as well as raw bytes', () => {
		expect(verify(input(valid, { body: valid.body }))).toEqual(accepted);
	});

	it('accepts a header holding several signatures when one matches (secret rotation)', () => {
		const other = `v1,${createHmac('sha256', 'another key').update('x').digest('base64')}`;
		expect(
			verify(input(valid, withHeaders({ 'webhook-signature': `${other} ${valid.signature}` }))),
		).toEqual(accepted);
	});

	it('ignores signatures of other versions', () => {
		const signature = `v1a,${valid.signature.slice(3)} v2,abc`;
		expect(verify(input(valid, withHeaders({ 'webhook-signature': signature })))).toEqual({
			ok: false,
			reason: 'no_matching_signature',
		});
	});

	it('refuses a partial signature', () => {
		const signature = valid.signature.slice(0, -4);
		expect(verify(input(valid, withHeaders({ 'webhook-signature': signature })))).toEqual({
			ok: false,
			reason: 'no_matching_signature',
		});
	});

	it('finds headers whatever their case', () => {
		const headers = {
			'Webhook-Id': valid.id,
			'WEBHOOK-TIMESTAMP': String(valid.timestamp),
			'Webhook-Signature': valid.signature,
		};
		expect(verify(input(valid, { headers }))).toEqual(accepted);
	});

	it('accepts a timestamp exactly 5 minutes old or ahead', () => {
		expect(verify(input(valid, { now: new Date((valid.timestamp + 300) * 1000) })).ok).toBe(true);
		expect(verify(input(valid, { now: new Date((valid.timestamp - 300) * 1000) })).ok).toBe(true);
	});

	it('refuses a timestamp more than 5 minutes old', () => {
		expect(verify(input(valid, { now: new Date((valid.timestamp + 301) * 1000) }))).toEqual({
			ok: false,
			reason: 'timestamp_too_old',
		});
	});

	it('refuses a timestamp more than 5 minutes in the future', () => {
		expect(verify(input(valid, { now: new Date((valid.timestamp - 301) * 1000) }))).toEqual({
			ok: false,
			reason: 'timestamp_too_new',
		});
	});

	it('refuses a timestamp that is not whole seconds', () => {
		expect(
			verify(input(valid, withHeaders({ 'webhook-timestamp': `${valid.timestamp}.5` }))),
		).toEqual({ ok: false, reason: 'invalid_timestamp' });
	});

	it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])(
		'refuses a request without %s',
		(name) => {
			const headers: Record<string, string> = {
				...(input(valid).headers as Record<string, string>),
			};
			delete headers[name];
			expect(verify(input(valid, { headers }))).toEqual({ ok: false, reason: 'missing_header' });
		},
	);

	it('refuses a repeated signature header', () => {
		expect(
			verify(
				input(valid, withHeaders({ 'webhook-signature': [valid.signature, valid.signature] })),
			),
		).toEqual({ ok: false, reason: 'missing_header' });
	});

	it.each([undefined, null, ''])('fails closed without a secret (%p)', (secret) => {
		expect(verify(input(valid, { secret }))).toEqual({ ok: false, reason: 'missing_secret' });
	});

	it('fails closed with a secret that is not base64', () => {
		expect(verify(input(valid, { secret: 'whsec_not base64!' }))).toEqual({
			ok: false,
			reason: 'invalid_secret',
		});
	});

	it('refuses the right signature checked with another secret', () => {
		const secret = `whsec_${Buffer.from('a different key').toString('base64')}`;
		expect(verify(input(valid, { secret }))).toEqual({
			ok: false,
			reason: 'no_matching_signature',
		});
	});

	it('refuses a re-serialized body (the bytes are what is signed)', () => {
		const reserialized = JSON.stringify(JSON.parse(valid.body));
		expect(reserialized).not.toBe(valid.body);
		expect(verify(input(valid, { body: reserialized }))).toEqual({
			ok: false,
			reason: 'no_matching_signature',
		});
	});
});
