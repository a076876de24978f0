/**
 * What Zapier's backend hands a hook trigger's `perform` (ENVIRONMENT.md): `rawRequest` with the
 * body as received and headers renamed `Http-` + Camel-Case (except Content-Type and
 * Content-Length), and `cleanedRequest`, the parsed body.
 */
import { createHmac } from 'node:crypto';
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../src';

export const appTester = createAppTester(app);
export { app };

/**
 * Stands in for Zapier's `z.cache` between calls: core's appTester keeps it in its own
 * `zcacheTestObj` (get and set only; it ignores `ttl` and `nx`). `{}` empties it (what the
 * tester's `clearZcacheBeforeUse` does); `null` takes it away, so `z.cache` throws as it does
 * when Zapier's cache cannot be reached.
 */
export function setZcache(store: Record<string, unknown> | null): void {
  Object.assign(appTester, { zcacheTestObj: store });
}

export const RELAY = 'https://relay.example.test';
export const API_KEY = 'sb_test_key_0123456789abcdef';
export const authData = { relay_url: RELAY, api_key: API_KEY };

const KEPT = new Set(['content-type', 'content-length']);

function zapierHeaderName(name: string): string {
  if (KEPT.has(name.toLowerCase())) return name.split('-').map(capitalize).join('-');
  return `Http-${name.split('-').map(capitalize).join('-')}`;
}

function capitalize(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
}

export interface CaughtRequest {
  method: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body: string;
  querystring?: string;
}

export function zapierHookBundle(request: CaughtRequest) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[zapierHeaderName(name)] = value;
  let cleaned: unknown;
  try {
    cleaned = JSON.parse(request.body) as unknown;
  } catch {
    cleaned = {};
  }
  return {
    rawRequest: { method: request.method, querystring: request.querystring ?? '', headers, content: request.body },
    cleanedRequest: typeof cleaned === 'object' && cleaned !== null && !Array.isArray(cleaned) ? { ...cleaned, querystring: {} } : cleaned,
  };
}

/** A Standard Webhooks signature made independently of the app's verifier. */
export function signedHeaders(secret: string, id: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature}`,
  };
}

type Perform = (z: ZObject, bundle: Bundle) => unknown;

function asPerform(value: unknown, what: string): Perform {
  if (typeof value !== 'function') throw new Error(`${what} is not a function`);
  return value as Perform;
}

/** A visible trigger's hook functions, as functions (the schema also allows request objects). */
export function hookOperation(key: string) {
  const operation = app.triggers[key]?.operation;
  if (!operation || operation.type !== 'hook') throw new Error(`no hook trigger ${key}`);
  return {
    performSubscribe: asPerform(operation.performSubscribe, `${key}.performSubscribe`),
    performUnsubscribe: asPerform(operation.performUnsubscribe, `${key}.performUnsubscribe`),
    perform: asPerform(operation.perform, `${key}.perform`),
    performList: asPerform(operation.performList, `${key}.performList`),
    operation,
  };
}

/** A hidden (dropdown) trigger's perform. */
export function pollPerform(key: string): Perform {
  const operation = app.triggers[key]?.operation;
  if (!operation || operation.type === 'hook' || !('perform' in operation)) throw new Error(`no polling trigger ${key}`);
  return asPerform(operation.perform, `${key}.perform`);
}
