/**
 * What the API shows of a subscription. Every read goes through `hookView`: the signing secret
 * never appears, and auth secrets (bearer token, basic password, header value) are masked.
 * Only the answer to a subscribe call carries the `secret` (`hookWithSecret`).
 */
import type { HookAuth, HookRecord } from '../store/types.js';

export const MASK_PREFIX = '••••';
/**
 * Secrets shorter than this are masked completely: four characters of a six-character password
 * would give most of it away.
 */
export const MASK_MIN_LENGTH_FOR_HINT = 12;

export type HookView = Omit<HookRecord, 'secret'>;

export interface HookWithSecret extends HookView {
  /** `whsec_…`: the Standard Webhooks key that signs every delivery to this hook. */
  secret: string;
}

/** `"••••" + the last 4 characters` (just `"••••"` for short secrets). */
export function maskSecret(secret: string): string {
  return MASK_PREFIX + (secret.length >= MASK_MIN_LENGTH_FOR_HINT ? secret.slice(-4) : '');
}

/** Whether a value sent back is the masked form of the stored secret (an edit form round trip). */
export function isMaskOf(sent: string, stored: string): boolean {
  return sent === maskSecret(stored);
}

export function maskAuth(auth: HookAuth): HookAuth {
  switch (auth.type) {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      return { type: 'bearer', token: maskSecret(auth.token) };
    case 'basic':
      return { type: 'basic', username: auth.username, password: maskSecret(auth.password) };
    case 'header':
      return { type: 'header', name: auth.name, value: maskSecret(auth.value) };
    default: {
      const unreachable: never = auth;
      return unreachable;
    }
  }
}

export function hookView(record: HookRecord): HookView {
  return {
    id: record.id,
    target_url: record.target_url,
    event_types: [...record.event_types],
    source_id: record.source_id,
    name: record.name,
    description: record.description,
    http_method: record.http_method,
    auth: maskAuth(record.auth),
    retry_enabled: record.retry_enabled,
    retry_attempts: record.retry_attempts,
    retry_schedule: record.retry_schedule === null ? null : [...record.retry_schedule],
    filter: record.filter,
    payload_template: record.payload_template,
    active: record.active,
    disabled_reason: record.disabled_reason,
    disabled_at: record.disabled_at,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

/** The subscribe answer: the view plus the signing secret, so the subscriber can verify deliveries. */
export function hookWithSecret(record: HookRecord): HookWithSecret {
  return { ...hookView(record), secret: record.secret };
}
