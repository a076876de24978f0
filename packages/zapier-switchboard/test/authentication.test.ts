import nock from 'nock';
import { authentication } from '../src/authentication';
import { API_KEY, appTester, authData, RELAY } from './helpers/zapier';

const ME = { ok: true, key: { id: 'env_1', hint: 'cdef', origin: 'env' }, relay: { version: '0.1.0', public_url: RELAY, store: 'embedded' } };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

describe('authentication', () => {
  test('a valid key passes the test with GET /api/v1/me and a Bearer header', async () => {
    const scope = nock(RELAY, { reqheaders: { authorization: `Bearer ${API_KEY}` } }).get('/api/v1/me').reply(200, ME);
    const me = await appTester(authentication.test, { authData });
    expect(me).toMatchObject({ ok: true, key: { hint: 'cdef' } });
    expect(scope.isDone()).toBe(true);
  });

  test('the connection label names the relay host and the key hint, never the key', async () => {
    const label = await appTester(authentication.connectionLabel, { authData, inputData: ME });
    expect(label).toBe('relay.example.test (key …cdef)');
    expect(label).not.toContain(API_KEY);
  });

  test('a refused key (401) becomes an expired-auth error that says which key to use', async () => {
    nock(RELAY, { reqheaders: { authorization: 'Bearer wrong' } })
      .get('/api/v1/me')
      .reply(401, { error: { code: 'invalid_api_key', message: 'Invalid API key.' } });
    const failure = appTester(authentication.test, { authData: { ...authData, api_key: 'wrong' } });
    await expect(failure).rejects.toMatchObject({ name: 'ExpiredAuthError' });
  });

  test('the 401 message names the relay error and SWITCHBOARD_API_KEYS', async () => {
    nock(RELAY)
      .get('/api/v1/me')
      .reply(401, { error: { code: 'missing_api_key', message: 'Missing API key.' } });
    await expect(appTester(authentication.test, { authData })).rejects.toThrow(
      /refused the API key: Missing API key\. \(missing_api_key\).*SWITCHBOARD_API_KEYS/,
    );
  });

  test('a URL that is not a relay (404 without a Switchboard error body) says to check the Relay URL', async () => {
    nock(RELAY).get('/api/v1/me').reply(404, '<html>Not found</html>');
    await expect(appTester(authentication.test, { authData })).rejects.toThrow(/404 to GET \/api\/v1\/me.*check that the Relay URL/);
  });

  test('a 200 that is not a relay answer is refused', async () => {
    nock(RELAY).get('/api/v1/me').reply(200, { hello: 'world' });
    await expect(appTester(authentication.test, { authData })).rejects.toThrow(/not as a Switchboard relay/);
  });

  test('an unreachable relay says so and names the Relay URL', async () => {
    nock(RELAY).get('/api/v1/me').replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    await expect(appTester(authentication.test, { authData })).rejects.toThrow(
      /Could not reach Switchboard at https:\/\/relay\.example\.test \(ECONNREFUSED\)\. Check the Relay URL/,
    );
  });

  test('a Relay URL that is not http(s) is refused before any request', async () => {
    await expect(appTester(authentication.test, { authData: { ...authData, relay_url: 'ftp://relay' } })).rejects.toThrow(
      /must start with https:\/\/ or http:\/\//,
    );
  });

  test('a pasted /api/v1 and trailing slash are cut off the Relay URL', async () => {
    const scope = nock(RELAY).get('/api/v1/me').reply(200, ME);
    await appTester(authentication.test, { authData: { ...authData, relay_url: `${RELAY}/api/v1/` } });
    expect(scope.isDone()).toBe(true);
  });
});
