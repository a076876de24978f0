import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { VENDORS } from '../api/catalog';
import { api } from '../api/client';
import type { SourceWithSecret, Vendor } from '../api/types';
import { announce } from '../components/announce';
import { Field, FormAlert, toFormError, type FormError } from '../components/form';
import { SourceSecret } from '../components/SourceSecret';
import { PageTitle } from '../components/ui';

export function SourceNew(): JSX.Element {
  const [vendor, setVendor] = useState<Vendor | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<SourceWithSecret | null>(null);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!vendor) {
      setError({ message: 'Pick the vendor this source receives webhooks from.', field: 'vendor' });
      return;
    }
    setBusy(true);
    try {
      const source = await api<SourceWithSecret>('POST', '/sources', { vendor, name, ...(description.trim() ? { description } : {}) });
      setCreated(source);
      setError(null);
      announce(`Source ${source.name} added. Copy its ingest URL and token now.`);
    } catch (err) {
      setError(toFormError(err));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <>
        <PageTitle actions={<a class="btn" href="#/sources">Back to sources</a>}>Source added</PageTitle>
        <SourceSecret source={created} />
        <p>
          <a href={`#/sources/${created.id}`}>Manage this source</a> · <a href={`#/events?source=${created.id}`}>Its events</a>
        </p>
      </>
    );
  }
  return (
    <>
      <PageTitle>Add a source</PageTitle>
      <form class="form card" onSubmit={submit} noValidate>
        <FormAlert error={error} />
        <fieldset class={`vendor-picker${error?.field === 'vendor' ? ' field-bad' : ''}`}>
          <legend>Vendor</legend>
          {VENDORS.map((v) => (
            <label key={v.id} class={`vendor-option${vendor === v.id ? ' selected' : ''}`}>
              <input type="radio" name="vendor" value={v.id} checked={vendor === v.id} onChange={() => setVendor(v.id)} />
              <span>
                <strong>{v.name}</strong>
                <span class="muted small">{v.blurb}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field id="source-name" label="Name" hint='A label for this connection, e.g. "Front desk".' error={error} field="name">
          <input id="source-name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} aria-describedby="source-name-hint" />
        </Field>
        <Field id="source-description" label="Description" optional error={error} field="description">
          <textarea id="source-description" rows={2} maxLength={2000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
        <div class="actions">
          <button class="btn btn-primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add source'}
          </button>
          <a class="btn" href="#/sources">
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}
