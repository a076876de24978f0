/**
 * Maps what a failed request threw (an `AxiosError` wrapping Node's network error, an
 * `AggregateError` from happy eyeballs, a target-policy refusal, our own abort) to a
 * `TransportError` and a message fit for the delivery log. Pure.
 *
 * Messages name the host and port only, never the path, query or headers: target URLs often
 * carry secrets (Zapier catch-hook URLs, ingest tokens) and headers carry credentials.
 */
import type { TransportError } from './classify.js';
import type { TargetPolicy } from './targetAddress.js';

export interface FailureContext {
  hostname: string;
  /** `host:port`, port always shown. */
  target: string;
  timeoutMs: number;
  policy: TargetPolicy;
  /** Whether the sender's own deadline had passed when the request failed. */
  timedOut: boolean;
}

export interface Failure {
  error: TransportError;
  message: string;
}

interface Cause {
  code: string | undefined;
  message: string;
  address: string | undefined;
  port: number | undefined;
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'ERR_CANCELED', 'ABORT_ERR']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH$|EPROTO$)/;
const MAX_DETAIL = 200;

function field(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

/** The error, its `cause` chain and an `AggregateError`'s members, outermost first. */
function causes(error: unknown, depth = 0): Cause[] {
  if (typeof error !== 'object' || error === null || depth > 4) return [];
  const code = field(error, 'code');
  const message = field(error, 'message');
  const address = field(error, 'address');
  const port = field(error, 'port');
  const own: Cause = {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : '',
    address: typeof address === 'string' ? address : undefined,
    port: typeof port === 'number' ? port : undefined,
  };
  const members = field(error, 'errors');
  const nested = Array.isArray(members) ? members.flatMap((member: unknown) => causes(member, depth + 1)) : [];
  return [own, ...causes(field(error, 'cause'), depth + 1), ...nested];
}

/** `10.0.0.5 is in the private range`, from either form of policy refusal. */
export function policyRefusal(reason: string, policy: TargetPolicy): string {
  const bare = reason
    .replace(/^Refused to connect to [^:]+: /, '')
    .replace(/\.$/, '')
    .replace(/, refused under SWITCHBOARD_TARGET_POLICY=[a-z-]+$/, '');
  return `target refused by SWITCHBOARD_TARGET_POLICY=${policy}: ${bare}`;
}

function endpoint(cause: Cause | undefined, fallback: string): string {
  if (cause?.address === undefined || cause.port === undefined) return fallback;
  return cause.address.includes(':') ? `[${cause.address}]:${cause.port}` : `${cause.address}:${cause.port}`;
}

function connectionMessage(all: Cause[], context: FailureContext): string {
  const refused = all.filter((cause) => cause.code === 'ECONNREFUSED');
  if (refused.length > 0) return `connection refused by ${endpoint(refused.find((cause) => cause.address !== undefined), context.target)}`;
  if (all.some((cause) => cause.message === 'socket hang up')) return `${context.target} closed the connection without answering`;
  const code = all.find((cause) => cause.code !== undefined && cause.code !== 'ERR_BAD_REQUEST')?.code;
  switch (code) {
    case 'ECONNRESET':
      return `connection reset by ${context.target}`;
    case 'EPIPE':
      return `connection to ${context.target} broke while sending (EPIPE)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${context.target} is unreachable (${code})`;
    default:
      return `request to ${context.target} failed (${code ?? 'no error code'})`;
  }
}

/** Never throws; anything unrecognised counts as a connection failure. */
export function describeFailure(error: unknown, context: FailureContext): Failure {
  const all = causes(error);
  const policy = all.find((cause) => cause.code === 'ETARGETPOLICY');
  if (policy) return { error: 'target_policy', message: policyRefusal(policy.message, context.policy) };
  if (context.timedOut || all.some((cause) => cause.code !== undefined && TIMEOUT_CODES.has(cause.code))) {
    return { error: 'timeout', message: `no answer from ${context.target} within ${context.timeoutMs} ms` };
  }
  const tls = all.find((cause) => cause.code !== undefined && TLS_CODE.test(cause.code));
  if (tls) {
    const detail = tls.message.length > MAX_DETAIL ? `${tls.message.slice(0, MAX_DETAIL)}…` : tls.message;
    return { error: 'tls', message: `TLS with ${context.target} failed: ${detail} (${tls.code ?? 'TLS'})` };
  }
  const dns = all.find((cause) => cause.code !== undefined && DNS_CODES.has(cause.code));
  if (dns) return { error: 'dns', message: `could not resolve ${context.hostname} (${dns.code ?? 'DNS'})` };
  return { error: 'connection', message: connectionMessage(all, context) };
}
