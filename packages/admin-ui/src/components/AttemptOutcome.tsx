import type { JSX } from 'preact';
import type { AttemptResult } from '../api/types';
import { duration, prettyJson } from '../format';
import { Badge } from './ui';

/** The outcome of one attempt made now (Test, Retry), shown where the button was pressed. */
export function AttemptOutcome({ result }: { result: AttemptResult }): JSX.Element {
  const { attempt } = result;
  const ok = result.outcome === 'success';
  return (
    <div class={`outcome ${ok ? 'outcome-ok' : 'outcome-bad'}`} role="status" data-testid="attempt-outcome">
      <p>
        <Badge status={result.outcome} /> {attempt.status_code !== null ? `HTTP ${attempt.status_code}` : 'No response'} in {duration(attempt.duration_ms)}
        {attempt.error ? <span> · {attempt.error}</span> : null}
      </p>
      {attempt.response_body ? (
        <details>
          <summary>Response body</summary>
          <pre class="code">{prettyJson(attempt.response_body)}</pre>
        </details>
      ) : null}
    </div>
  );
}
