import type { JSX } from 'preact';
import { Field, type FormError } from '../components/form';
import type { Draft } from './draft';

export function RetryFields({ draft, set, error }: { draft: Draft; set: (patch: Partial<Draft>) => void; error: FormError | null }): JSX.Element {
  return (
    <fieldset>
      <legend>Retries</legend>
      <label class="check">
        <input type="checkbox" checked={draft.retry_enabled} onChange={(e) => set({ retry_enabled: e.currentTarget.checked })} />
        Retry failed deliveries
      </label>
      {draft.retry_enabled ? (
        <>
          <div class="radio-row">
            <label class="check">
              <input type="radio" name="retry-mode" checked={draft.retryMode === 'standard'} onChange={() => set({ retryMode: 'standard' })} />
              Standard: at once, then after 1, 2, 3 and 4 more minutes
            </label>
            <label class="check">
              <input type="radio" name="retry-mode" checked={draft.retryMode === 'custom'} onChange={() => set({ retryMode: 'custom' })} />
              My own delays
            </label>
          </div>
          {draft.retryMode === 'standard' ? (
            <Field id="retry-attempts" label="Attempts in all (1 to 5)" error={error} field="retry_attempts">
              <input id="retry-attempts" type="number" min={1} max={5} value={draft.retry_attempts} onInput={(e) => set({ retry_attempts: Number(e.currentTarget.value) })} />
            </Field>
          ) : (
            <Field id="retry-schedule" label="Delays before each retry, in seconds" hint="Up to 10, each 1 s to 24 h, e.g. 30, 300, 3600 (first attempt at once, then one retry after each delay)." error={error} field="retry_schedule">
              <input id="retry-schedule" class="mono" value={draft.retry_schedule} aria-describedby="retry-schedule-hint" onInput={(e) => set({ retry_schedule: e.currentTarget.value })} />
            </Field>
          )}
        </>
      ) : (
        <p class="muted small">Each delivery gets one attempt. Failed ones can still be retried by hand or recovered.</p>
      )}
    </fieldset>
  );
}
