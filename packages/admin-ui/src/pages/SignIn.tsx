import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, messageOf } from '../api/client';
import type { SessionInfo } from '../api/types';
import { Alert, SecretInput } from '../components/ui';

export function SignIn({ reason, onSignedIn }: { reason: string | null; onSignedIn: (session: SessionInfo) => void }): JSX.Element {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => document.getElementById('api-key')?.focus(), []);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!key.trim()) {
      setError('Enter an API key.');
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await api<SessionInfo>('POST', '/session', { api_key: key }));
    } catch (err) {
      const refused = err instanceof ApiError && err.code === 'invalid_api_key';
      setError(refused ? 'That API key was refused. Use a key from SWITCHBOARD_API_KEYS, or the one the relay printed at its first start (only its hash is stored, so a lost key cannot be shown again).' : messageOf(err));
      document.getElementById('api-key')?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin" id="main">
      <form class="card" onSubmit={submit} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title" ref={heading}>
          Switchboard
        </h1>
        <p class="lead">Sign in with an admin API key.</p>
        {reason && !error ? <Alert kind="info">{reason}</Alert> : null}
        {error ? <Alert>{error}</Alert> : null}
        <div class="field">
          <label for="api-key">API key</label>
          <SecretInput id="api-key" value={key} onInput={setKey} autoComplete="current-password" required describedBy="api-key-hint" />
          <p class="hint" id="api-key-hint">
            A key from <code>SWITCHBOARD_API_KEYS</code>, or the one the relay printed at its first start. It is exchanged for a session cookie (12 hours, this browser only); the page never stores the key.
          </p>
        </div>
        <button class="btn btn-primary btn-wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
