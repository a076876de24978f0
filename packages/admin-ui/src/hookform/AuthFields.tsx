/** How deliveries authenticate to the target: none, bearer, basic or a custom header. Secrets typed masked, with a reveal control. */
import type { JSX } from 'preact';
import type { HookAuth } from '../api/types';
import { Field, type FormError } from '../components/form';
import { SecretInput } from '../components/ui';

const TYPES: { id: HookAuth['type']; label: string }[] = [
  { id: 'none', label: 'None' },
  { id: 'bearer', label: 'Bearer token' },
  { id: 'basic', label: 'Basic (user and password)' },
  { id: 'header', label: 'Custom header' },
];

function blank(type: HookAuth['type']): HookAuth {
  switch (type) {
    case 'none':
      return { type };
    case 'bearer':
      return { type, token: '' };
    case 'basic':
      return { type, username: '', password: '' };
    case 'header':
      return { type, name: '', value: '' };
  }
}

export function AuthFields({ value, onChange, error }: { value: HookAuth; onChange: (auth: HookAuth) => void; error: FormError | null }): JSX.Element {
  const masked = (text: string): boolean => text.startsWith('••••');
  const keepNote = 'Shown masked: leave it as is to keep the stored secret, or type a new one.';
  return (
    <fieldset>
      <legend>Authentication</legend>
      <p class="hint">Sent with every delivery, besides the Standard Webhooks signature.</p>
      <div class="radio-row" role="radiogroup" aria-label="Authentication type">
        {TYPES.map((t) => (
          <label key={t.id} class="check">
            <input type="radio" name="auth-type" checked={value.type === t.id} onChange={() => onChange(blank(t.id))} />
            {t.label}
          </label>
        ))}
      </div>
      {value.type === 'bearer' ? (
        <Field id="auth-token" label="Token" error={error} field="auth.token" hint={masked(value.token) ? keepNote : 'Sent as Authorization: Bearer <token>.'}>
          <SecretInput id="auth-token" value={value.token} describedBy="auth-token-hint" onInput={(token) => onChange({ ...value, token })} />
        </Field>
      ) : null}
      {value.type === 'basic' ? (
        <>
          <Field id="auth-username" label="User name" error={error} field="auth.username">
            <input id="auth-username" autoComplete="off" value={value.username} onInput={(e) => onChange({ ...value, username: e.currentTarget.value })} />
          </Field>
          <Field id="auth-password" label="Password" error={error} field="auth.password" hint={masked(value.password) ? keepNote : undefined}>
            <SecretInput id="auth-password" value={value.password} onInput={(password) => onChange({ ...value, password })} />
          </Field>
        </>
      ) : null}
      {value.type === 'header' ? (
        <>
          <Field id="auth-name" label="Header name" error={error} field="auth.name" hint="e.g. X-Api-Key">
            <input id="auth-name" class="mono" autoComplete="off" value={value.name} onInput={(e) => onChange({ ...value, name: e.currentTarget.value })} />
          </Field>
          <Field id="auth-value" label="Header value" error={error} field="auth.value" hint={masked(value.value) ? keepNote : undefined}>
            <SecretInput id="auth-value" value={value.value} onInput={(v) => onChange({ ...value, value: v })} />
          </Field>
        </>
      ) : null}
    </fieldset>
  );
}
