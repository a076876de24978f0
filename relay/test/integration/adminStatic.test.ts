/** `/admin`: the built page with caching and a strict CSP, or a 404 page saying how to build it. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_CSP } from '../../src/admin/static.js';
import { startTestRelay, tempDir, type TestRelay } from '../support/relay.js';

const STRICT = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

describe('a built admin page', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    const dir = await tempDir('switchboard-admin-');
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Switchboard</title><script type="module" src="/admin/assets/app-1a2b3c.js"></script>');
    await writeFile(path.join(dir, 'assets/app-1a2b3c.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    relay = await startTestRelay({}, undefined, { adminDir: dir });
  });
  afterAll(() => relay.stop());

  test.each(['/admin', '/admin/', '/admin/index.html'])('%s is the page, never cached without revalidation, under the strict CSP', async (url) => {
    const res = await fetch(`${relay.url}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toBe(STRICT);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toContain('app-1a2b3c.js');
  });

  test('hashed assets are cached for a year as immutable', async () => {
    const res = await fetch(`${relay.url}/admin/assets/app-1a2b3c.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toBe(ADMIN_CSP);
  });

  test('other files are served but revalidated', async () => {
    const res = await fetch(`${relay.url}/admin/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  test('a missing asset is a plain 404, not the page', async () => {
    const res = await fetch(`${relay.url}/admin/assets/app-old.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  test('the API needs no CSP change and is not served from /admin', async () => {
    expect((await fetch(`${relay.url}/admin/api/v1/me`)).status).toBe(404);
  });
});

describe('an admin page that is not built', () => {
  test('the relay still runs and /admin says how to build the page', async () => {
    const relay = await startTestRelay({}, undefined, { adminDir: await tempDir('switchboard-no-admin-') });
    try {
      const res = await fetch(`${relay.url}/admin/`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(STRICT);
      const html = await res.text();
      expect(html).toContain('The admin page is not built');
      expect(html).toContain('--filter admin-ui build');
      expect((await relay.api('GET', '/me')).status).toBe(200);
    } finally {
      await relay.stop();
    }
  });
});
