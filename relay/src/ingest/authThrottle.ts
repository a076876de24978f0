import { failedAuthLimiter, INGEST_FAILED_AUTH_PER_ADDRESS, INGEST_FAILED_AUTH_PER_SOURCE, tooManyFailures } from '../auth/failedAuth.js';
import type { AppError } from '../errors.js';

const FIX = 'Check the ingest URL and token of this source (GET /api/v1/sources/:id shows the URL; rotate the token if it is lost).';

/**
 * The ingest failed-auth budgets (see `auth/failedAuth.ts`): per source (known sources only, so
 * the keys are bounded by the sources that exist) and per client address.
 */
export class IngestAuthThrottle {
  readonly #bySource = failedAuthLimiter(INGEST_FAILED_AUTH_PER_SOURCE);
  readonly #byAddress = failedAuthLimiter(INGEST_FAILED_AUTH_PER_ADDRESS);

  /**
   * Counts one failed-auth refusal (`sourceId` null for an unknown source) and answers the error
   * to send: `refusal` itself while both budgets last, else a `rate_limited` 429 that the handler
   * neither records nor reads a body for.
   */
  refuse(refusal: AppError, sourceId: string | null, address: string, now: number): AppError {
    const byAddress = this.#byAddress.take(address, now);
    const bySource = sourceId === null ? null : this.#bySource.take(sourceId, now);
    if (bySource !== null) return tooManyFailures(`source ${sourceId ?? ''}`, Math.max(bySource, byAddress ?? 0), FIX);
    if (byAddress !== null) return tooManyFailures('your address', byAddress, FIX);
    return refusal;
  }
}
