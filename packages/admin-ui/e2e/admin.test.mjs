// @ts-check
/**
 * The admin page end to end, in real headless Chromium against a real relay process and a real
 * receiver. The steps build on each other (one relay, one signed-in page), in the order an
 * operator would take them. Screenshots of every page, at desktop and narrow widths, are written
 * to docs/screenshots/ (linked from the README).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { API_KEY, fixture, launchChromium, repoRoot, sleep, startReceiver, startRelay, until } from './support.mjs';

const SHOTS = process.env['SCREENSHOTS_DIR'] ?? path.join(repoRoot, 'docs/screenshots');
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };
const HOOK_NAME = 'Front desk to CRM';

/** @type {Awaited<ReturnType<typeof startRelay>>} */ let relay;
/** @type {Awaited<ReturnType<typeof startReceiver>>} */ let rx;
/** @type {import('playwright-core').Browser} */ let browser;
/** @type {import('playwright-core').BrowserContext} */ let context;
/** @type {import('playwright-core').Page} */ let page;
/** @type {string[]} */ const problems = [];
const state = { sourceId: '', ingestUrl: '', hookId: '', flakyId: '' };

/** Every form control on the page has an accessible name (a label, aria-label or aria-labelledby). */
async function assertLabelled() {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => !(/** @type {HTMLInputElement} */ (el).labels?.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  assert.deepEqual(unlabelled, [], 'form controls without a label');
}

/** @param {string} name */
async function shoot(name) {
  await assertLabelled();
  await page.locator('.toast-shown').waitFor({ state: 'detached', timeout: 7000 }).catch(() => undefined);
  await page.locator('p[role=status]', { hasText: 'Loading' }).first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(NARROW);
  await sleep(200);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= NARROW.width, `${name} is ${width} px wide at a ${NARROW.width} px viewport (horizontal scrolling)`);
  await page.screenshot({ path: path.join(SHOTS, `${name}-narrow.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** @param {string} label */
async function openNav(label) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
}

/** @param {string} file */
async function sendSample(file = 'clarky/booking_confirmed.json') {
  const res = await fetch(state.ingestUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: await fixture(file) });
  assert.equal(res.status, 202);
  return /** @type {{event_id: string}} */ (await res.json()).event_id;
}

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  rx = await startReceiver();
  relay = await startRelay();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: DESKTOP });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: relay.url });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await relay?.stop();
  await rx?.close();
});

describe('admin page', () => {
  it('opens signed out with no error in the console and no failed request', async () => {
    /** @type {string[]} */
    const errors = [];
    const onConsole = (/** @type {import('playwright-core').ConsoleMessage} */ m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    };
    const onResponse = (/** @type {import('playwright-core').Response} */ r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    };
    page.on('console', onConsole);
    page.on('response', onResponse);
    try {
      await page.goto(`${relay.url}/admin/`);
      await page.getByLabel('API key').waitFor();
      await sleep(300);
    } finally {
      page.off('console', onConsole);
      page.off('response', onResponse);
    }
    assert.deepEqual(errors, []);
  });

  it('refuses a wrong API key with a message that says which keys work', async () => {
    await page.goto(`${relay.url}/admin/`);
    await page.getByLabel('API key').fill('not_the_right_key_0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /That API key was refused/);
    assert.match(text, /SWITCHBOARD_API_KEYS/);
    await shoot('signin');
  });

  it('signs in with the API key: an HttpOnly, SameSite=Strict session cookie, never the key in storage', async () => {
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const [cookie] = await context.cookies();
    assert.equal(cookie?.name, 'sb_session');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    assert.ok(!stored.includes(API_KEY));
    await page.getByText('No sources yet').waitFor();
  });

  it('adds a Clarky source and shows its ingest URL, token and set-up steps once', async () => {
    await openNav('Sources');
    await page.getByText('No sources yet').waitFor();
    await page.getByRole('link', { name: 'Add a source' }).first().click();
    await page.getByRole('radio', { name: /Clarky/ }).check();
    await page.getByLabel('Name').fill('Front desk');
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByRole('heading', { name: 'Source added' }).waitFor();
    state.ingestUrl = await page.getByRole('textbox', { name: 'Ingest URL (token in the path)' }).inputValue();
    assert.match(state.ingestUrl, new RegExp(`^${relay.url}/in/src_\\w+/[\\w-]+$`));
    state.sourceId = /\/in\/(src_\w+)\//.exec(state.ingestUrl)?.[1] ?? '';
    const token = await page.getByRole('textbox', { name: 'Token', exact: true }).inputValue();
    assert.ok(state.ingestUrl.endsWith(token));
    await page.getByRole('cell', { name: `Bearer ${token}` }).waitFor();
    await page.getByText('Integrations > Webhooks').first().waitFor();
    await page.getByRole('button', { name: 'Copy Ingest URL (token in the path)' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), state.ingestUrl);
    await shoot('source-added');
    await openNav('Sources');
    await page.getByRole('link', { name: 'Front desk' }).waitFor();
    await shoot('sources');
  });

  it('adds a subscription to a local receiver through the form, with a payload template checked as you type', async () => {
    await openNav('Outgoing webhooks');
    await page.getByText('No outgoing webhooks yet').waitFor();
    await page.getByRole('link', { name: 'Add outgoing webhook' }).first().click();
    await page.getByLabel('Name').fill(HOOK_NAME);
    await page.getByLabel('Target URL').fill(`${rx.url}/crm`);
    await page.getByRole('radio', { name: 'Bearer token' }).check();
    const secret = page.getByRole('textbox', { name: 'Token', exact: true });
    await secret.fill('crm-token-123456');
    assert.equal(await secret.getAttribute('type'), 'password');
    await page.getByRole('button', { name: 'Show' }).click();
    assert.equal(await secret.getAttribute('type'), 'text');
    await page.getByRole('button', { name: 'Hide' }).click();
    await page.locator('summary', { hasText: 'Clarky' }).click();
    await page.getByLabel('All Clarky events').check();
    await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Front desk (Clarky)' });
    await page.getByRole('radio', { name: 'A custom payload (template)' }).check();
    const template = page.getByLabel('Payload template');
    await template.fill('{"who": }');
    await page.locator('#template-status', { hasText: 'line 1' }).waitFor();
    await template.fill('{"who": "", "type": "{{type}}"}');
    await template.evaluate((el) => /** @type {HTMLTextAreaElement} */ (el).setSelectionRange(9, 9));
    await page.getByLabel('Variable').selectOption('person.email');
    await page.getByRole('button', { name: 'Insert variable' }).click();
    assert.equal(await template.inputValue(), '{"who": "{{person.email}}", "type": "{{type}}"}');
    await page.locator('#template-status', { hasText: 'Valid JSON template.' }).waitFor();
    await page.getByTestId('template-preview').filter({ hasText: '"type": "clarky.' }).waitFor();
    await shoot('hook-form');
    await page.getByRole('button', { name: 'Add outgoing webhook' }).click();
    await page.getByRole('heading', { name: 'Outgoing webhook added' }).waitFor();
    assert.match(await page.getByRole('textbox', { name: 'Signing secret' }).inputValue(), /^whsec_/);
    const hooks = await relay.api('GET', '/hooks');
    const hook = hooks.body.data.find((/** @type {{name: string}} */ h) => h.name === HOOK_NAME);
    assert.ok(hook, 'the hook was saved');
    assert.deepEqual(hook.event_types, ['clarky.*']);
    assert.equal(hook.source_id, state.sourceId);
    assert.deepEqual(hook.auth, { type: 'bearer', token: '••••3456' });
    state.hookId = hook.id;
  });

  it('shows a vendor sample sent to the ingest URL as a delivery in Logs, with its status and attempt', async () => {
    const eventId = await sendSample();
    const [got] = await rx.waitFor('/crm', 1);
    assert.equal(got?.headers['webhook-id'], eventId);
    assert.equal(got?.headers['authorization'], 'Bearer crm-token-123456');
    assert.deepEqual(JSON.parse(got?.body ?? ''), { who: 'ada@example.com', type: 'clarky.booking.confirmed' });
    await openNav('Logs');
    const item = page.locator('li.delivery[data-status=succeeded]', { hasText: 'clarky.booking.confirmed' });
    await item.waitFor();
    await item.locator('summary').click();
    await item.getByRole('cell', { name: '200', exact: true }).waitFor();
    await item.getByText('"received": true').waitFor();
    await shoot('logs');
  });

  it('sends a test from the list and shows the outcome inline', async () => {
    await openNav('Outgoing webhooks');
    const card = page.locator('li.hook', { hasText: HOOK_NAME });
    await card.getByRole('button', { name: 'Test' }).click();
    await card.getByTestId('attempt-outcome').filter({ hasText: 'HTTP 200' }).waitFor();
    await rx.waitFor('/crm', 2);
    await shoot('hooks');
  });

  it('edits the subscription: the masked token is shown and kept when left as is', async () => {
    await page.locator('li.hook', { hasText: HOOK_NAME }).getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit outgoing webhook' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Token', exact: true }).inputValue(), '••••3456');
    assert.equal(await page.getByLabel('Payload template').inputValue(), '{"who": "{{person.email}}", "type": "{{type}}"}');
    await page.getByLabel('Description').fill('Bookings for the CRM');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Outgoing webhooks' }).waitFor();
    const hook = (await relay.api('GET', `/hooks/${state.hookId}`)).body;
    assert.equal(hook.description, 'Bookings for the CRM');
    assert.deepEqual(hook.auth, { type: 'bearer', token: '••••3456' });
    await page.getByRole('button', { name: 'Test' }).first().click();
    const [, , third] = await rx.waitFor('/crm', 3);
    assert.equal(third?.headers['authorization'], 'Bearer crm-token-123456');
  });

  it('switches the subscription off, and the next event is not delivered to it', async () => {
    const card = page.locator('li.hook', { hasText: HOOK_NAME });
    const toggle = card.getByRole('switch', { name: `Outgoing webhook ${HOOK_NAME}` });
    assert.equal(await toggle.isChecked(), true);
    // By keyboard. locator.press focuses and presses in one step, so a live-update re-render
    // between a separate focus() and keyboard.press() cannot swallow the key.
    await toggle.press('Space');
    await until(async () => ((await relay.api('GET', `/hooks/${state.hookId}`)).body.active === false ? true : undefined), 5000, 'the hook to be off');
    await until(async () => ((await toggle.isChecked()) ? undefined : true), 5000, 'the switch to show off');
    const before = rx.at('/crm').length;
    const eventId = await sendSample('clarky/booking_cancelled.json');
    await sleep(1500);
    assert.equal(rx.at('/crm').length, before);
    await page.goto(`${relay.url}/admin/#/events/${eventId}`);
    await page.getByText('None: no outgoing webhook matched it').waitFor();
  });

  it('retries a failed delivery from the log and shows the new attempt', async () => {
    rx.answer('/flaky', 500);
    const created = await relay.api('POST', '/hooks', { name: 'Flaky CRM', target_url: `${rx.url}/flaky`, event_types: ['clarky.*'], source_id: state.sourceId, retry_enabled: false });
    state.flakyId = created.body.id;
    await sendSample('clarky/booking_created.json');
    await rx.waitFor('/flaky', 1);
    await openNav('Overview');
    await page.getByText('1 failed delivery in a row').waitFor();
    await shoot('overview');
    await page.goto(`${relay.url}/admin/#/logs?hook=${state.flakyId}`);
    const failed = page.locator('li.delivery[data-status=failed]', { hasText: 'clarky.booking.created' });
    await failed.waitFor();
    const id = await failed.getAttribute('data-delivery-id');
    const item = page.locator(`li.delivery[data-delivery-id="${id}"]`);
    await item.locator('summary').click();
    await item.getByRole('cell', { name: '500', exact: true }).waitFor();
    rx.answer('/flaky', 200);
    await item.getByRole('button', { name: 'Retry now' }).click();
    await item.getByTestId('attempt-outcome').filter({ hasText: 'HTTP 200' }).waitFor();
    await page.locator(`li.delivery[data-delivery-id="${id}"][data-status=succeeded]`).waitFor();
    assert.equal((await relay.api('GET', `/deliveries/${id}`)).body.status, 'succeeded');
  });

  it('replays an event from its page, which shows the normalized event and the raw body side by side', async () => {
    await openNav('Events');
    // An event row, not a row of the page shown before the Events page has rendered.
    const newest = page.locator('tbody tr[data-event-id]').first();
    await newest.waitFor();
    const eventId = await newest.getAttribute('data-event-id');
    await newest.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Normalized event' }).waitFor();
    await page.getByRole('heading', { name: /Raw body/ }).waitFor();
    await page.getByLabel('Raw request body').filter({ hasText: '"booking.created"' }).waitFor();
    await shoot('event-detail');
    const before = rx.at('/flaky').length;
    await page.getByLabel('Replay to').selectOption({ label: 'Flaky CRM' });
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.locator('#main').getByText('Replayed: 1 delivery queued').waitFor();
    const got = await rx.waitFor('/flaky', before + 1);
    assert.equal(got[got.length - 1]?.headers['webhook-id'], eventId);
    await page.locator('li.delivery', { hasText: 'replay' }).waitFor();
    await openNav('Events');
    await page.locator('tbody tr[data-event-id]').nth(2).waitFor();
    await shoot('events');
  });

  it('lists a refused request on the source page with its reason', async () => {
    const base = state.ingestUrl.slice(0, state.ingestUrl.lastIndexOf('/'));
    const refused = await fetch(`${base}/wrong-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(refused.status, 401);
    await page.goto(`${relay.url}/admin/#/sources/${state.sourceId}`);
    await page.locator('#rejections + ul li').first().waitFor();
    assert.match(await page.locator('#rejections + ul li').first().innerText(), /401/);
    await shoot('source-detail');
  });

  it('deletes a subscription after asking for confirmation', async () => {
    await openNav('Outgoing webhooks');
    const card = page.locator('li.hook', { hasText: 'Flaky CRM' });
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Delete Flaky CRM?').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await relay.api('GET', `/hooks/${state.flakyId}`)).status, 200);
    await card.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await card.waitFor({ state: 'detached' });
    assert.equal((await relay.api('GET', `/hooks/${state.flakyId}`)).status, 404);
  });

  it('signs out: the sign-in form comes back and the cookie no longer works', async () => {
    const [cookie] = await context.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You signed out.').waitFor();
    const res = await fetch(`${relay.url}/api/v1/me`, { headers: { cookie: `sb_session=${cookie?.value}` } });
    assert.equal(res.status, 401);
  });

  it('ran with no Content-Security-Policy violation and no page error', () => {
    assert.deepEqual(problems, []);
  });
});
