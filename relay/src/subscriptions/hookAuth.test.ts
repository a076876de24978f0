import { AppError } from '../errors.js';
import type { HookAuth } from '../store/types.js';
import { parseAuth } from './hookAuth.js';

function refusal(input: unknown, stored?: HookAuth): AppError {
  try {
    parseAuth(input, stored);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected parseAuth to throw');
}

describe('parseAuth accepts', () => {
  it.each<[string, unknown, HookAuth]>([
    ['none', { type: 'none' }, { type: 'none' }],
    ['a bearer token', { type: 'bearer', token: 'abc.def-ghi' }, { type: 'bearer', token: 'abc.def-ghi' }],
    ['basic with an empty password', { type: 'basic', username: 'sk_live_1', password: '' }, { type: 'basic', username: 'sk_live_1', password: '' }],
    ['basic with a unicode password', { type: 'basic', username: 'ops', password: 'pässwörd' }, { type: 'basic', username: 'ops', password: 'pässwörd' }],
    ['a custom header', { type: 'header', name: 'X-Api-Key', value: 'k 1' }, { type: 'header', name: 'X-Api-Key', value: 'k 1' }],
    ['Authorization as a custom header', { type: 'header', name: 'Authorization', value: 'Token abc' }, { type: 'header', name: 'Authorization', value: 'Token abc' }],
  ])('%s', (_name, input, expected) => {
    expect(parseAuth(input)).toEqual(expected);
  });
});

describe('parseAuth refuses, naming the field', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'bearer abc', 'auth'],
    ['an unknown type', { type: 'oauth2' }, 'auth.type'],
    ['a missing type', { token: 'abc' }, 'auth.type'],
    ['a field of another type', { type: 'bearer', token: 'abc', username: 'x' }, 'auth.username'],
    ['extra fields on none', { type: 'none', token: 'abc' }, 'auth.token'],
    ['a missing token', { type: 'bearer' }, 'auth.token'],
    ['an empty token', { type: 'bearer', token: '' }, 'auth.token'],
    ['a token with a line break', { type: 'bearer', token: 'abc\r\nX-Evil: 1' }, 'auth.token'],
    ['a numeric token', { type: 'bearer', token: 42 }, 'auth.token'],
    ['a username with a colon', { type: 'basic', username: 'a:b', password: 'x' }, 'auth.username'],
    ['a missing password', { type: 'basic', username: 'ops' }, 'auth.password'],
    ['a header name with a space', { type: 'header', name: 'X Api', value: 'v' }, 'auth.name'],
    ['a header name with a colon', { type: 'header', name: 'X-Api:', value: 'v' }, 'auth.name'],
    ['a header value with a line break', { type: 'header', name: 'X-Api', value: 'v\nw' }, 'auth.value'],
    ['a masked value with nothing stored', { type: 'bearer', token: '••••cdef' }, 'auth.token'],
  ])('%s', (_name, input, field) => {
    expect(refusal(input)).toMatchObject({ code: expect.stringMatching(/^(invalid|missing)_field$/), field, status: 400 });
  });

  it.each(['Content-Type', 'content-length', 'Host', 'User-Agent', 'Webhook-Id', 'webhook-timestamp', 'WEBHOOK-SIGNATURE', 'Connection', 'Transfer-Encoding'])(
    'the reserved header %s',
    (name) => {
      const error = refusal({ type: 'header', name, value: 'v' });
      expect(error).toMatchObject({ field: 'auth.name' });
      expect(error.message).toMatch(/does not set itself/);
    },
  );

  it('never repeats the secret it refuses', () => {
    const error = refusal({ type: 'bearer', token: 'sk_live_secret\n' });
    expect(error.message).not.toContain('sk_live_secret');
    expect(error.message).toMatch(/a string of 15 characters/);
  });
});

describe('parseAuth on an edit round trip', () => {
  const storedBearer: HookAuth = { type: 'bearer', token: 'tok_live_0123456789abcdef' };
  const storedHeader: HookAuth = { type: 'header', name: 'X-Api-Key', value: 'key_9f8e7d6c5b4a3210' };
  const storedBasic: HookAuth = { type: 'basic', username: 'ops', password: 'hunter2' };

  it('keeps the stored secret when its mask is sent back', () => {
    expect(parseAuth({ type: 'bearer', token: '••••cdef' }, storedBearer)).toEqual(storedBearer);
    expect(parseAuth({ type: 'header', name: 'X-Key', value: '••••3210' }, storedHeader)).toEqual({ ...storedHeader, name: 'X-Key' });
    expect(parseAuth({ type: 'basic', username: 'admin', password: '••••' }, storedBasic)).toEqual({ ...storedBasic, username: 'admin' });
  });

  it('takes a new secret as sent', () => {
    expect(parseAuth({ type: 'bearer', token: 'fresh' }, storedBearer)).toEqual({ type: 'bearer', token: 'fresh' });
  });

  it('refuses a mask that is not the stored secret\'s', () => {
    expect(refusal({ type: 'bearer', token: '••••beef' }, storedBearer)).toMatchObject({ field: 'auth.token' });
  });

  it('refuses a mask of a secret of another auth type', () => {
    expect(refusal({ type: 'header', name: 'X-Api-Key', value: '••••cdef' }, storedBearer)).toMatchObject({ field: 'auth.value' });
  });
});
