/**
 * The HTTP sender of the delivery engine: one signed request out, one `SendResult` back.
 *
 * - `send` never rejects: every failure becomes `{ok: false, error, message}`.
 * - Any status is a result (3xx included: redirects are never followed); `classify` decides.
 * - `timeoutMs` bounds the whole exchange: DNS, connect, headers and reading the excerpt.
 * - Each hook has its own keep-alive pools (`agents.ts`), and every socket opens through the
 *   target-policy lookup; IP-literal hosts, which never reach a lookup, are checked first.
 * - No environment proxy is used (`proxy: false`): a proxy would connect on our behalf to an
 *   address the policy never saw.
 * - The body goes out as the exact bytes given (the signature covers them): axios's request
 *   transforms, which trim or re-quote JSON-looking strings, are switched off.
 * - Nothing logs here; the engine logs the result.
 */
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { HttpMethod } from '../store/types.js';
import { AgentPool } from './agents.js';
import type { TransportError } from './classify.js';
import { EXCERPT_CHARS, readExcerpt } from './excerpt.js';
import { checkUrlHost, createPolicyLookup, type BaseLookup, type TargetPolicy } from './targetPolicy.js';
import { describeFailure, policyRefusal } from './transportErrors.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export const DEFAULT_USER_AGENT = `Switchboard/${version}`;
/** @default 8 sockets per hook and protocol. */
export const DEFAULT_PER_HOOK_CONCURRENCY = 4;
/** Used when a request carries no usable `timeoutMs` (the contract's default). */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** Response headers kept in the delivery log; everything else is dropped. */
export const KEPT_RESPONSE_HEADERS = ['content-type', 'content-length', 'retry-after', 'location', 'server', 'date', 'x-request-id'] as const;
/** Message framing belongs to the sender; a caller's value could desynchronise the exchange. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

export interface SendRequest {
  /** Whose socket pool to use. */
  hookId: string;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** Sent as these exact UTF-8 bytes. */
  body: string;
  timeoutMs: number;
}

export type SendResult =
  | { ok: true; status: number; headers: Record<string, string>; body: string; durationMs: number }
  | { ok: false; error: TransportError; message: string; durationMs: number };

export interface SenderOptions {
  policy: TargetPolicy;
  /** @default 8 */
  perHookConcurrency?: number;
  /** @default `Switchboard/<relay version>` */
  userAgent?: string;
  /** The resolver behind the policy lookup. @default dns.lookup */
  resolver?: BaseLookup;
}

type Target = { url: URL; hostname: string; target: string };

function parseTarget(text: string): Target | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { url, hostname: url.hostname, target: `${url.hostname}:${port}` };
}

function requestHeaders(given: Record<string, string>, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const names = new Set(Object.keys(given).map((name) => name.toLowerCase()));
  if (!names.has('user-agent')) headers['User-Agent'] = userAgent;
  if (!names.has('content-type')) headers['Content-Type'] = 'application/json';
  for (const [name, value] of Object.entries(given)) {
    if (!FRAMING_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  return headers;
}

function keptHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value: unknown = headers[name];
    if (typeof value === 'string') kept[name] = value;
    else if (typeof value === 'number') kept[name] = String(value);
    else if (Array.isArray(value)) kept[name] = value.join(', ');
  }
  return kept;
}

export class Sender {
  readonly #policy: TargetPolicy;
  readonly #userAgent: string;
  readonly #agents: AgentPool;
  readonly #http: AxiosInstance = axios.create();
  #closed = false;

  constructor(options: SenderOptions) {
    const perHook = options.perHookConcurrency ?? DEFAULT_PER_HOOK_CONCURRENCY;
    if (!Number.isSafeInteger(perHook) || perHook < 1) {
      throw new RangeError(`Expected \`perHookConcurrency\` to be an integer >= 1, got ${String(perHook)}.`);
    }
    this.#policy = options.policy;
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#agents = new AgentPool({ lookup: createPolicyLookup(options.policy, options.resolver), maxSockets: perHook });
  }

  /** Never rejects. */
  async send(request: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const durationMs = (): number => Math.round(performance.now() - started);
    const fail = (error: TransportError, message: string): SendResult => ({ ok: false, error, message, durationMs: durationMs() });
    if (this.#closed) return fail('connection', 'the sender is closed');
    const target = parseTarget(request.url);
    if (!target) return fail('target_policy', 'target refused: not an absolute http:// or https:// URL');
    const check = checkUrlHost(target.url, this.#policy);
    if (!check.ok) return fail('target_policy', policyRefusal(check.reason, this.#policy));

    const timeoutMs = Number.isFinite(request.timeoutMs) && request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_TIMEOUT_MS;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      const agents = this.#agents.get(request.hookId);
      const response = await this.#http.request<Readable>({
        method: request.method,
        url: target.url.href,
        headers: requestHeaders(request.headers, this.#userAgent),
        data: Buffer.from(request.body, 'utf8'),
        transformRequest: [(data: Buffer) => data],
        responseType: 'stream',
        httpAgent: agents.http,
        httpsAgent: agents.https,
        proxy: false,
        maxRedirects: 0,
        validateStatus: () => true,
        timeout: timeoutMs,
        signal: deadline.signal,
      });
      const body = await readExcerpt(response.data, EXCERPT_CHARS, deadline.signal);
      return { ok: true, status: response.status, headers: keptHeaders(response.headers), body, durationMs: durationMs() };
    } catch (error) {
      const failure = describeFailure(error, { ...target, timeoutMs, policy: this.#policy, timedOut: deadline.signal.aborted });
      return fail(failure.error, failure.message);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Destroys the hook's sockets (call it when a hook is deleted); in-flight sends fail. */
  closeHook(hookId: string): void {
    this.#agents.close(hookId);
  }

  /** Destroys every socket; later sends fail with `the sender is closed`. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#agents.closeAll();
  }
}
