/**
 * SSRF policy for delivery targets (`SWITCHBOARD_TARGET_POLICY`; address rules in
 * `targetAddress.ts`).
 *
 * The real check happens at connect time, on the address actually connected to: the HTTP agent
 * uses `createPolicyLookup`, so a hostname that resolves to a public address when saved and to
 * 169.254.169.254 when delivering (DNS rebinding) is still refused. Node skips `lookup` for IP
 * literals, so the delivery code must also call `checkUrlHost` before each request.
 * `validateTargetUrl` gives the early, friendly refusal at save time.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { AppError, describeValue, invalidField } from '../errors.js';
import { checkAddress, isTargetPolicy, type AddressCheck, type TargetPolicy } from './targetAddress.js';

export { TARGET_POLICIES, checkAddress, isTargetPolicy, type AddressCheck, type TargetPolicy } from './targetAddress.js';

/** `code` of the error a policy lookup calls back with. */
export const TARGET_POLICY_ERROR_CODE = 'ETARGETPOLICY' as const;
export const DEFAULT_TARGET_POLICY: TargetPolicy = 'private';
export const MAX_TARGET_URL_LENGTH = 2048;

/** Hostnames of metadata services, refused under every policy whatever they resolve to. */
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

const FIELD = 'target_url';

/** `SWITCHBOARD_TARGET_POLICY` as configured; unset means `private`. */
export function parseTargetPolicy(value: string | undefined): TargetPolicy | AppError {
  if (value === undefined || value === '') return DEFAULT_TARGET_POLICY;
  if (isTargetPolicy(value)) return value;
  return invalidField('SWITCHBOARD_TARGET_POLICY', '`private` or `public-only`', value);
}

/** Lower case, no trailing dot, no IPv6 brackets. */
function bareHost(hostname: string): string {
  const lower = hostname.toLowerCase().replace(/\.$/, '');
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

/** The name-based part of the policy, for hostnames that are not IP literals. */
function checkHostname(host: string, policy: TargetPolicy): AddressCheck {
  if (METADATA_HOSTS.has(host)) {
    return { ok: false, reason: `${host} is a cloud metadata hostname, refused under SWITCHBOARD_TARGET_POLICY=${policy}` };
  }
  if (policy === 'public-only' && (host === 'localhost' || host.endsWith('.localhost'))) {
    return { ok: false, reason: `${host} always means loopback, refused under SWITCHBOARD_TARGET_POLICY=public-only` };
  }
  return { ok: true };
}

/**
 * The pre-connect check of a URL's host: IP literals (which never reach `lookup`) are judged
 * as addresses; names are judged by name only, their addresses at connect time.
 */
export function checkUrlHost(url: URL, policy: TargetPolicy): AddressCheck {
  const host = bareHost(url.hostname);
  return checkAddressOrName(host, policy);
}

function checkAddressOrName(host: string, policy: TargetPolicy): AddressCheck {
  const looksLikeIp = host.includes(':') || /^[0-9.]+$/.test(host);
  return looksLikeIp ? checkAddress(host, policy) : checkHostname(host, policy);
}

function urlError(message: string): AppError {
  return new AppError('invalid_target_url', message, { field: FIELD });
}

/**
 * A subscription's `target_url`: an absolute http(s) URL of at most 2048 characters, without
 * user info (credentials belong in `auth`, which is masked; a URL is listed and logged). With a
 * policy, a host the policy refuses outright is refused now rather than at the first delivery.
 */
export function validateTargetUrl(text: unknown, policy?: TargetPolicy): URL | AppError {
  if (typeof text !== 'string' || text.length === 0) return invalidField(FIELD, 'an absolute http:// or https:// URL', text);
  if (text.length > MAX_TARGET_URL_LENGTH) {
    return urlError(`Expected \`${FIELD}\` to be at most ${MAX_TARGET_URL_LENGTH} characters, got ${text.length}.`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return urlError(`Expected \`${FIELD}\` to be an absolute http:// or https:// URL, got ${describeValue(text)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return urlError(`Expected \`${FIELD}\` to use http:// or https://, got ${JSON.stringify(url.protocol)}.`);
  }
  if (url.username !== '' || url.password !== '') {
    return urlError(`Expected \`${FIELD}\` to carry no user name or password (put credentials in \`auth\`); the URL holds some.`);
  }
  if (policy) {
    const check = checkUrlHost(url, policy);
    if (!check.ok) return urlError(`Expected \`${FIELD}\` to be a target SWITCHBOARD_TARGET_POLICY allows: ${check.reason}.`);
  }
  return url;
}

/** The `dns.lookup` overload the policy lookup relies on (always asked for every address). */
export type BaseLookup = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

export type TargetPolicyError = NodeJS.ErrnoException & { code: typeof TARGET_POLICY_ERROR_CODE; hostname: string };

function policyError(hostname: string, reason: string): TargetPolicyError {
  return Object.assign(new Error(`Refused to connect to ${hostname}: ${reason}.`), { code: TARGET_POLICY_ERROR_CODE, hostname });
}

/** Whether an error is a refusal by the target policy (for `classify`'s `target_policy`). */
export function isTargetPolicyError(error: unknown): error is TargetPolicyError {
  return error instanceof Error && 'code' in error && error.code === TARGET_POLICY_ERROR_CODE;
}

/**
 * A `lookup` for `http.request` / `http.Agent`: resolves every address of the host and refuses
 * the connection (an error with code `ETARGETPOLICY`) when any of them is refused, so the
 * socket only ever opens to an address that was checked.
 */
export function createPolicyLookup(policy: TargetPolicy, baseLookup: BaseLookup = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    const byName = checkAddressOrName(bareHost(hostname), policy);
    if (!byName.ok) {
      process.nextTick(() => callback(policyError(hostname, byName.reason), []));
      return;
    }
    baseLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const check = checkAddress(address, policy);
        if (!check.ok) return callback(policyError(hostname, check.reason), []);
      }
      const first = addresses[0];
      if (options.all) return callback(null, addresses);
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
