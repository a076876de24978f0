import type { HookAuth } from '../store/types.js';
import { authHeaders } from './authHeaders.js';

describe('authHeaders', () => {
  it.each<[string, HookAuth, Record<string, string>]>([
    ['adds nothing for none', { type: 'none' }, {}],
    ['sends a bearer token', { type: 'bearer', token: 'tok_123' }, { Authorization: 'Bearer tok_123' }],
    ['sends basic credentials as base64 of user:password', { type: 'basic', username: 'zap', password: 'pa:ss' }, { Authorization: 'Basic emFwOnBhOnNz' }],
    ['encodes basic credentials as UTF-8', { type: 'basic', username: 'rené', password: 'ключ' }, { Authorization: `Basic ${Buffer.from('rené:ключ', 'utf8').toString('base64')}` }],
    ['sends basic with an empty password', { type: 'basic', username: 'n8n', password: '' }, { Authorization: 'Basic bjhuOg==' }],
    ['sends a custom header under its own name', { type: 'header', name: 'X-Api-Key', value: 'k-1' }, { 'X-Api-Key': 'k-1' }],
  ])('%s', (_name, auth, expected) => {
    expect(authHeaders(auth)).toEqual(expected);
  });

  it('decodes basic credentials back to exactly user:password', () => {
    const header = authHeaders({ type: 'basic', username: 'a', password: 'b c' }).Authorization ?? '';
    expect(Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8')).toBe('a:b c');
  });
});
