import type { HookAuth } from '../store/types.js';
import { hookRecord } from './hooksTesting.js';
import { hookView, hookWithSecret, isMaskOf, maskAuth, maskSecret } from './view.js';

describe('maskSecret', () => {
  it.each<[string, string]>([
    ['tok_live_0123456789abcdef', '••••cdef'],
    ['exactly12chr', '••••2chr'],
    ['eleven_char', '••••'],
    ['pw', '••••'],
    ['', '••••'],
  ])('masks %p as %p', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });

  it('recognizes only the mask of the stored secret', () => {
    expect(isMaskOf('••••cdef', 'tok_live_0123456789abcdef')).toBe(true);
    expect(isMaskOf('••••cdeF', 'tok_live_0123456789abcdef')).toBe(false);
    expect(isMaskOf('tok_live_0123456789abcdef', 'tok_live_0123456789abcdef')).toBe(false);
  });
});

describe('maskAuth', () => {
  it.each<[string, HookAuth, HookAuth]>([
    ['none as is', { type: 'none' }, { type: 'none' }],
    ['the bearer token', { type: 'bearer', token: 'tok_live_0123456789abcdef' }, { type: 'bearer', token: '••••cdef' }],
    [
      'the basic password, not the username',
      { type: 'basic', username: 'zapier', password: 'correct horse battery' },
      { type: 'basic', username: 'zapier', password: '••••tery' },
    ],
    [
      'the header value, not its name',
      { type: 'header', name: 'X-Api-Key', value: 'key_9f8e7d6c5b4a3210' },
      { type: 'header', name: 'X-Api-Key', value: '••••3210' },
    ],
  ])('masks %s', (_name, auth, masked) => {
    expect(maskAuth(auth)).toEqual(masked);
  });
});

describe('hookView', () => {
  const record = hookRecord({ auth: { type: 'basic', username: 'ops', password: 'hunter2hunter2hunter2' } });

  it('shows every field but the secret, with auth secrets masked', () => {
    const view = hookView(record);
    expect(view).not.toHaveProperty('secret');
    expect(view.auth).toEqual({ type: 'basic', username: 'ops', password: '••••ter2' });
    const { secret: _secret, auth: _auth, ...rest } = record;
    expect(view).toMatchObject(rest);
    expect(JSON.stringify(view)).not.toContain(record.secret);
    expect(JSON.stringify(view)).not.toContain('hunter2hunter2hunter2');
  });

  it('copies arrays, so a caller cannot change the record through the view', () => {
    const view = hookView(record);
    view.event_types.push('*');
    expect(record.event_types).toEqual(['clarky.*']);
  });

  it('adds the secret only in hookWithSecret', () => {
    const withSecret = hookWithSecret(record);
    expect(withSecret.secret).toBe(record.secret);
    expect(withSecret.auth).toEqual(hookView(record).auth);
  });
});
