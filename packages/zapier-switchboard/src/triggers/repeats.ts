/**
 * Remembers the deliveries a Zap accepted, in Zapier's cache (`z.cache`, zapier-platform-core's
 * key-value store kept between invocations), so a repeated `webhook-id` (a relay retry after a lost
 * answer, a retry from the relay's delivery log, a captured signed request sent again) does not
 * run the Zap twice. Each invocation of `perform` is stateless otherwise.
 *
 * Fails open: when the cache cannot answer (it throws, or is throttled and answers null) the
 * delivery counts as new and the Zap runs: a duplicate is better than a lost event. Consulted only
 * after the signature verified, so a forged request can never mark a genuine id as seen.
 *
 * An id is remembered for 5 minutes past the later of now and its signed timestamp, the time its
 * signed request keeps verifying (`standardWebhooks.ts`), and each sighting renews that.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { DEFAULT_TOLERANCE_SECONDS } from '../signature/standardWebhooks';

/** Bump when the key's meaning changes, so old entries are never read with a new meaning. */
const KEY_PREFIX = 'switchboard:delivery:v1:';

export interface Verified {
  id: string;
  /** `webhook-timestamp`, Unix seconds. */
  timestamp: number;
}

/**
 * One Zap's one subscription at one relay: the relay URL and hook id (unique per Zap) and the
 * event id, hashed so the key has a fixed length whatever the relay sends.
 */
function keyOf(z: ZObject, bundle: Bundle, hookId: string, id: string): string {
  const relay: unknown = bundle.authData?.['relay_url'];
  return KEY_PREFIX + z.hash('sha256', [typeof relay === 'string' ? relay : '', hookId, id].join('\n'));
}

/** True when this Zap's subscription accepted the same `webhook-id` within the window. */
export async function isRepeat(z: ZObject, bundle: Bundle, hookId: string, verified: Verified, now: Date): Promise<boolean> {
  const key = keyOf(z, bundle, hookId, verified.id);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const ttl = Math.max(0, verified.timestamp - nowSeconds) + DEFAULT_TOLERANCE_SECONDS;
  try {
    if ((await z.cache.get(key)) !== null) {
      await z.cache.set(key, verified.id, ttl, []); // renew; a failure here changes nothing
      return true;
    }
    // "Set if absent": of two concurrent first deliveries, only one gets `true`.
    return (await z.cache.set(key, verified.id, ttl, [], true)) === false;
  } catch (error) {
    z.console.log(`Could not check for a repeated delivery (${error instanceof Error ? error.message : String(error)}); running the Zap.`);
    return false;
  }
}
