import type { IncomingMessage } from 'node:http';
import { clientAddressKey } from '../http/clientAddress.js';
import { ADMIN_FAILED_AUTH_PER_ADDRESS, failedAuthLimiter, tooManyFailures } from './failedAuth.js';

const FIX = 'Use a key from SWITCHBOARD_API_KEYS or the one printed at first start.';

/**
 * The admin failed-auth budget (see `failedAuth.ts`): wrong API keys per client address, for
 * `Authorization: Bearer` and for `POST /api/v1/session`. A spent budget refuses every key from
 * that address, right or wrong, until the window ends, before the key is compared.
 */
export class AdminAuthThrottle {
  readonly #byAddress = failedAuthLimiter(ADMIN_FAILED_AUTH_PER_ADDRESS);
  readonly #now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  /** Throws `rate_limited` (429, `Retry-After`) when the caller's address has spent its budget. */
  check(req: IncomingMessage): void {
    const wait = this.#byAddress.spent(clientAddressKey(req.socket.remoteAddress), this.#now().getTime());
    if (wait !== null) throw tooManyFailures('your address', wait, FIX);
  }

  /** Counts one wrong key from the caller's address. */
  fail(req: IncomingMessage): void {
    this.#byAddress.take(clientAddressKey(req.socket.remoteAddress), this.#now().getTime());
  }
}
