/** Add or edit an outgoing webhook (a subscription). */
import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { loadCatalog } from '../api/catalog';
import { api } from '../api/client';
import type { EventType, Hook, HookWithSecret, Page, Source } from '../api/types';
import { announce } from '../components/announce';
import { Field, FormAlert, names, toFormError, type FormError } from '../components/form';
import { Alert, CopyField, Loading, PageTitle, Switch } from '../components/ui';
import { AuthFields } from '../hookform/AuthFields';
import { draftBody, draftFilter, DraftError, draftOf, newDraft, type Draft } from '../hookform/draft';
import { EventPicker } from '../hookform/EventPicker';
import { FilterEditor } from '../hookform/FilterEditor';
import { eventPaths } from '../hookform/paths';
import { RetryFields } from '../hookform/RetryFields';
import { TemplateEditor } from '../hookform/TemplateEditor';
import { usePreview } from '../hookform/usePreview';
import { navigate } from '../router';

function matching(catalog: EventType[], patterns: string[]): EventType[] {
  return catalog.filter((t) => patterns.some((p) => p === '*' || p === t.type || (p.endsWith('.*') && t.type.startsWith(p.slice(0, -1)))));
}

function safeFilter(d: Draft): Record<string, unknown> | null | undefined {
  try {
    return draftFilter(d.filter);
  } catch {
    return undefined;
  }
}

export function HookForm({ id }: { id?: string }): JSX.Element {
  const [catalog, setCatalog] = useState<EventType[] | null>(null);
  const [sources, setSources] = useState<Source[]>([]);
  const [draft, setDraft] = useState<Draft | null>(id ? null : newDraft());
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<HookWithSecret | null>(null);
  const [sampleType, setSampleType] = useState('');

  useEffect(() => {
    Promise.all([loadCatalog(), api<Page<Source>>('GET', '/sources'), id ? api<Hook>('GET', `/hooks/${id}`) : Promise.resolve(null)]).then(
      ([types, list, hook]) => {
        setCatalog(types);
        setSources(list.data);
        if (hook) setDraft(draftOf(hook));
      },
      (err: unknown) => setLoadError(toFormError(err).message),
    );
  }, [id]);

  const candidates = useMemo(() => (catalog && draft ? matching(catalog, draft.event_types) : []), [catalog, draft?.event_types]);
  const tryType = candidates.some((t) => t.type === sampleType) ? sampleType : (candidates[0]?.type ?? catalog?.[0]?.type ?? null);
  const filter = draft ? safeFilter(draft) : null;
  const preview = usePreview(draft && catalog ? { payload_template: draft.templateOn ? draft.template : null, filter: filter ?? null, event_type: tryType } : null);
  const sample = preview.preview?.event ?? candidates[0]?.sample ?? catalog?.[0]?.sample;
  const paths = useMemo(() => eventPaths(sample), [sample]);

  if (loadError) return <Alert>{loadError}</Alert>;
  if (!draft || !catalog) return <Loading what="the form" />;
  const set = (patch: Partial<Draft>): void => setDraft({ ...draft, ...patch });

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    try {
      const body = draftBody(draft);
      if (id) {
        await api<Hook>('PATCH', `/hooks/${id}`, body);
        announce('Outgoing webhook saved.');
        navigate('#/hooks');
      } else {
        const hook = await api<HookWithSecret>('POST', '/hooks', body);
        setCreated(hook);
        announce('Outgoing webhook added. Copy its signing secret now.');
      }
      setError(null);
    } catch (err) {
      setError(err instanceof DraftError ? { message: err.message, field: err.field } : toFormError(err));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <>
        <PageTitle>Outgoing webhook added</PageTitle>
        <section class="card">
          <Alert kind="warning">The signing secret is shown only now. Your receiver uses it to verify the webhook-signature header of every delivery (Standard Webhooks).</Alert>
          <CopyField id="hook-secret" label="Signing secret" value={created.secret} />
          <div class="actions">
            <a class="btn btn-primary" href="#/hooks">
              Back to outgoing webhooks
            </a>
            <a class="btn" href={`#/logs?hook=${created.id}`}>
              Its logs
            </a>
          </div>
        </section>
      </>
    );
  }

  const filterStatus = preview.preview?.filter_error ? (
    <p class="field-error">{preview.preview.filter_error.message}</p>
  ) : preview.preview && preview.preview.filter_matches !== null ? (
    <p class="small muted" aria-live="polite">
      The sample <code>{preview.preview.event.type}</code> event would be {preview.preview.filter_matches ? 'delivered' : 'skipped'}.
    </p>
  ) : null;

  return (
    <>
      <PageTitle>{id ? 'Edit outgoing webhook' : 'Add an outgoing webhook'}</PageTitle>
      <form class="form card" onSubmit={submit} noValidate>
        <FormAlert error={error} />
        <Field id="hook-name" label="Name" optional error={error} field="name">
          <input id="hook-name" maxLength={200} value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} />
        </Field>
        <Field id="hook-description" label="Description" optional error={error} field="description">
          <textarea id="hook-description" rows={2} maxLength={2000} value={draft.description} onInput={(e) => set({ description: e.currentTarget.value })} />
        </Field>
        <div class="row-2">
          <Field id="hook-url" label="Target URL" hint="Where deliveries go: an n8n or Zapier webhook URL, or any http(s) endpoint." error={error} field="target_url">
            <input id="hook-url" type="url" class="mono" required value={draft.target_url} aria-describedby="hook-url-hint" aria-invalid={names(error, 'target_url') ? true : undefined} onInput={(e) => set({ target_url: e.currentTarget.value })} />
          </Field>
          <Field id="hook-method" label="Method" error={error} field="http_method">
            <select id="hook-method" value={draft.http_method} onChange={(e) => set({ http_method: e.currentTarget.value as Draft['http_method'] })}>
              <option>POST</option>
              <option>PUT</option>
              <option>PATCH</option>
            </select>
          </Field>
        </div>
        <AuthFields value={draft.auth} onChange={(auth) => set({ auth })} error={error} />
        <EventPicker catalog={catalog} value={draft.event_types} onChange={(event_types) => set({ event_types })} invalid={names(error, 'event_types')} />
        {names(error, 'event_types') ? <p class="field-error">{error?.message}</p> : null}
        <Field id="hook-source" label="Source" hint="Only events from this source, or from every source." error={error} field="source_id">
          <select id="hook-source" value={draft.source_id} aria-describedby="hook-source-hint" onChange={(e) => set({ source_id: e.currentTarget.value })}>
            <option value="">Every source</option>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.vendor_name})
              </option>
            ))}
          </select>
        </Field>
        <FilterEditor value={draft.filter} onChange={(f) => set({ filter: f })} paths={paths} status={filterStatus} />
        {names(error, 'filter') ? <p class="field-error">{error?.message}</p> : null}
        {candidates.length > 1 ? (
          <div class="field">
            <label for="sample-type">Try the filter and payload on a sample</label>
            <select id="sample-type" value={tryType ?? ''} onChange={(e) => setSampleType(e.currentTarget.value)}>
              {candidates.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.type}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <TemplateEditor enabled={draft.templateOn} text={draft.template} onEnabled={(templateOn) => set({ templateOn })} onText={(template) => set({ template })} paths={paths} preview={preview} />
        <RetryFields draft={draft} set={set} error={error} />
        <Switch checked={draft.active} label="Deliver events (on)" showLabel onChange={(active) => set({ active })} />
        <div class="actions">
          <button class="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : id ? 'Save changes' : 'Add outgoing webhook'}
          </button>
          <a class="btn" href="#/hooks">
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}
