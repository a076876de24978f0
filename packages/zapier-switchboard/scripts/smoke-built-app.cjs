#!/usr/bin/env node
// Loads an unzipped build.zip the way Zapier's runtime does (require('<dir>/index.js'), the export
// used as is) and runs the New Event trigger's perform with a correctly signed raw request, the
// same request again (halted as a repeat), then a forged one. Plain CommonJS: it runs on the unzipped folder alone.
// Usage: NODE_ENV=test node scripts/smoke-built-app.cjs <unzipped build dir>
'use strict';
const { createHmac } = require('node:crypto');
const path = require('node:path');

const dir = path.resolve(process.argv[2] || '');
const core = require(require.resolve('zapier-platform-core', { paths: [dir] }));
const app = require(path.join(dir, 'index.js'));

const fail = (message) => {
  console.error(`smoke: FAIL: ${message}`);
  process.exit(1);
};

if (!app || typeof app !== 'object' || !app.triggers || !app.triggers.new_event) fail('index.js does not export the app object with triggers.new_event');
const operation = app.triggers.new_event.operation;

// The trigger's static sample is the flattened catalog sample; its envelope fields are the event.
const ENVELOPE = ['id', 'type', 'vendor', 'vendor_event', 'cataloged', 'occurred_at', 'received_at', 'source', 'person', 'data', 'warnings'];
const event = Object.fromEntries(ENVELOPE.map((key) => [key, operation.sample[key]]));
event.id = 'evt_smoke_0000000000000000000001';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = JSON.stringify(event);
const timestamp = String(Math.floor(Date.now() / 1000));
const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
const signature = `v1,${createHmac('sha256', key).update(`${event.id}.${timestamp}.${body}`).digest('base64')}`;

// What Zapier's backend passes for a caught hook: headers renamed Http- + Camel-Case.
const bundle = (content) => ({
  authData: { relay_url: 'https://relay.invalid', api_key: 'unused' },
  subscribeData: { id: 'hook_smoke', secret, event_types: ['*'], source_id: null },
  rawRequest: {
    method: 'POST',
    querystring: '',
    headers: { 'Content-Type': 'application/json', 'Http-Webhook-Id': event.id, 'Http-Webhook-Timestamp': timestamp, 'Http-Webhook-Signature': signature },
    content,
  },
  cleanedRequest: { ...JSON.parse(content), querystring: {} },
});

(async () => {
  const appTester = core.createAppTester(app);
  const items = await appTester(operation.perform, bundle(body));
  if (!Array.isArray(items) || items.length !== 1) fail(`perform returned ${JSON.stringify(items)}`);
  const [item] = items;
  if (item.id !== event.id || item.type !== event.type || typeof item.person_email !== 'string') fail(`unexpected item ${JSON.stringify(item).slice(0, 300)}`);
  console.log(`smoke: perform on the built app returned [${item.type} ${item.id}] person_email=${item.person_email} booking_id=${item.booking_id}`);

  // The same signed request again: halted as a repeat (z.cache, appTester's stand-in here).
  try {
    await appTester(operation.perform, bundle(body));
    fail('the same signed request ran the Zap twice');
  } catch (err) {
    if (!err || err.name !== 'HaltedError' || !/repeated delivery/.test(err.message)) fail(`a repeat failed with ${err && err.name}: ${err && err.message}`);
    console.log(`smoke: the same signed request again was halted (${err.message.split('\n')[0]})`);
  }

  const forged = body.replace(item.person_email, 'eve@example.com');
  try {
    await appTester(operation.perform, bundle(forged));
    fail('a forged body was accepted');
  } catch (err) {
    if (!err || err.name !== 'HaltedError') fail(`a forged body failed with ${err && err.name}: ${err && err.message}`);
    console.log(`smoke: a forged body was halted (${err.message.split('\n')[0]})`);
  }
})().catch((err) => fail(err && err.stack ? err.stack : String(err)));
