/** One delivery in the log: summary line, and when opened, each attempt with its response. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { AttemptResult, Delivery } from '../api/types';
import { AttemptOutcome } from './AttemptOutcome';
import { duration, prettyJson, stamp } from '../format';
import { Alert, Badge, Time } from './ui';

export function DeliveryItem({ delivery, hookName, onChange }: { delivery: Delivery; hookName: string; onChange: () => void }): JSX.Element {
  const [result, setResult] = useState<AttemptResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const retry = async (): Promise<void> => {
    setBusy(true);
    try {
      const res = await api<AttemptResult>('POST', `/deliveries/${delivery.id}/retry`);
      setResult(res);
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
      onChange();
    }
  };
  const last = delivery.attempts_log[delivery.attempts_log.length - 1];
  return (
    <li class="delivery" data-delivery-id={delivery.id} data-status={delivery.status}>
      <details>
        <summary>
          <Badge status={delivery.status} /> <code>{delivery.event_type}</code> <span class="muted">to</span> {hookName}
          <span class="muted small">
            {' '}
            · <Time iso={delivery.created_at} /> · {delivery.attempts} {delivery.attempts === 1 ? 'attempt' : 'attempts'}
            {delivery.last_status_code !== null ? ` · HTTP ${delivery.last_status_code}` : ''}
            {delivery.trigger !== 'scheduled' ? ` · ${delivery.trigger}` : ''}
          </span>
        </summary>
        <div class="delivery-body">
          <p class="small">
            Event <a href={`#/events/${delivery.event_id}`}>{delivery.event_id}</a>
            {delivery.next_attempt_at ? (
              <>
                {' '}
                · next attempt <Time iso={delivery.next_attempt_at} />
              </>
            ) : null}
            {last?.error ? <> · last error: {last.error}</> : null}
          </p>
          {delivery.attempts_log.length === 0 ? (
            <p class="muted">No attempt yet.</p>
          ) : (
            <table class="table responsive attempts">
              <caption class="sr-only">Attempts</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Time</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Status</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Error</th>
                  <th scope="col">Response body</th>
                </tr>
              </thead>
              <tbody>
                {delivery.attempts_log.map((a) => (
                  <tr key={a.id}>
                    <td data-label="#">{a.number}</td>
                    <td data-label="Time">{stamp(a.started_at)}</td>
                    <td data-label="Trigger">{a.trigger}</td>
                    <td data-label="Status">
                      <span class={a.outcome === 'success' ? 'ok' : 'bad'}>{a.status_code ?? '—'}</span>
                    </td>
                    <td data-label="Duration">{duration(a.duration_ms)}</td>
                    <td data-label="Error">{a.error ?? '—'}</td>
                    <td data-label="Response body">{a.response_body ? <pre class="code small-code">{prettyJson(a.response_body)}</pre> : <span class="muted">empty</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {delivery.status === 'failed' && delivery.trigger !== 'test' ? (
            <button type="button" class="btn btn-small" onClick={() => void retry()} disabled={busy}>
              {busy ? 'Retrying…' : 'Retry now'}
            </button>
          ) : null}
          {error ? <Alert>{error}</Alert> : null}
          {result ? <AttemptOutcome result={result} /> : null}
        </div>
      </details>
    </li>
  );
}
