import { normalizeRelayUrl } from '../src/relay/url';

describe('Relay URL normalization', () => {
  test.each([
    ['https://relay.example.com', 'https://relay.example.com'],
    ['  https://relay.example.com/  ', 'https://relay.example.com'],
    ['https://relay.example.com/api/v1', 'https://relay.example.com'],
    ['https://relay.example.com/api/v1/me', 'https://relay.example.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://example.com/switchboard/', 'https://example.com/switchboard'],
  ])('%s becomes %s', (input, expected) => {
    expect(normalizeRelayUrl(input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['', /is empty/],
    ['relay.example.com', /not an absolute URL/],
    ['ftp://relay.example.com', /must start with https:\/\/ or http:\/\//],
    ['https://user:pass@relay.example.com', /must not contain a user name or password/],
    ['https://relay.example.com/?key=1', /must not have a query or fragment/],
  ])('refuses %j, saying why', (input, message) => {
    const result = normalizeRelayUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});
