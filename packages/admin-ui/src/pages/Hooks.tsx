import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { AttemptResult, Hook, Page, Source, Stats } from '../api/types';
import { announce } from '../components/announce';
import { AttemptOutcome } from '../components/AttemptOutcome';
import { Alert, ConfirmButton, Empty, Loading, PageTitle, Switch } from '../components/ui';
import { plural } from '../format';
import { href } from '../router';
import { usePoll } from '../usePoll';

interface Data {
  hooks: Hook[];
  sources: Source[];
  health: Stats['health'];
}

async function load(): Promise<Data> {
  const [hooks, sources, stats] = await Promise.all([api<Page<Hook>>('GET', '/hooks'), api<Page<Source>>('GET', '/sources'), api<Stats>('GET', '/stats')]);
  return { hooks: hooks.data, sources: sources.data, health: stats.health };
}

function authText(hook: Hook): string {
  switch (hook.auth.type) {
    case 'none':
      return 'no extra authentication';
    case 'bearer':
      return `bearer ${hook.auth.token}`;
    case 'basic':
      return `basic ${hook.auth.username} / ${hook.auth.password}`;
    case 'header':
      return `${hook.auth.name}: ${hook.auth.value}`;
  }
}

function HookCard({ hook, data, reload }: { hook: Hook; data: Data; reload: () => void }): JSX.Element {
  const [test, setTest] = useState<AttemptResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = hook.name ?? hook.target_url;
  const health = data.health.find((h) => h.hook_id === hook.id);
  const source = hook.source_id ? (data.sources.find((s) => s.id === hook.source_id)?.name ?? `deleted source ${hook.source_id}`) : 'every source';
  const run = async (what: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await what();
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
      reload();
    }
  };
  const toggle = (active: boolean): Promise<void> =>
    run(async () => {
      await api('PATCH', `/hooks/${hook.id}`, { active });
      announce(`${title} switched ${active ? 'on' : 'off'}.`);
    });
  const sendTest = (): Promise<void> =>
    run(async () => {
      const result = await api<AttemptResult>('POST', `/hooks/${hook.id}/test`);
      setTest(result);
    });
  const remove = (): Promise<void> =>
    run(async () => {
      await api('DELETE', `/hooks/${hook.id}`);
      announce(`${title} deleted.`);
    });
  return (
    <li class="card hook" data-hook-id={hook.id}>
      <div class="hook-head">
        <h2 class="h3">
          <a href={`#/hooks/${hook.id}`}>{title}</a>
        </h2>
        <Switch checked={hook.active} label={`Outgoing webhook ${title}`} onChange={(on) => void toggle(on)} disabled={busy} />
      </div>
      {hook.description ? <p>{hook.description}</p> : null}
      <p class="mono small break">
        {hook.http_method} {hook.target_url}
      </p>
      <p class="small">
        {hook.event_types.map((t) => (
          <code key={t} class="chip">
            {t}
          </code>
        ))}{' '}
        from {source}
        {hook.filter ? ', filtered' : ''}
        {hook.payload_template ? ', custom payload' : ''} · <span class="mono">{authText(hook)}</span>
      </p>
      {hook.disabled_reason ? <Alert kind="warning">Switched off by the relay: {hook.disabled_reason}</Alert> : null}
      {!hook.disabled_reason && health && health.consecutive_failures > 0 ? <Alert kind="warning">{plural(health.consecutive_failures, 'failed delivery', 'failed deliveries')} in a row.</Alert> : null}
      {error ? <Alert>{error}</Alert> : null}
      <div class="actions">
        <button type="button" class="btn btn-small" onClick={() => void sendTest()} disabled={busy}>
          {busy ? 'Working…' : 'Test'}
        </button>
        <a class="btn btn-small" href={href('/logs', { hook: hook.id })}>
          Logs
        </a>
        <a class="btn btn-small" href={`#/hooks/${hook.id}`}>
          Edit
        </a>
        <ConfirmButton small danger label="Delete" question={`Delete ${title}? Its pending deliveries are cancelled; its logs stay until retention.`} confirm="Delete" onConfirm={() => void remove()} />
      </div>
      {test ? <AttemptOutcome result={test} /> : null}
    </li>
  );
}

export function Hooks(): JSX.Element {
  const data = usePoll(load, []);
  const d = data.data;
  return (
    <>
      <PageTitle actions={<a class="btn btn-primary" href="#/hooks/new">Add outgoing webhook</a>}>Outgoing webhooks</PageTitle>
      <p class="lead">Each one receives the events it selects as signed HTTP requests (Standard Webhooks). n8n and Zapier add their own here when a workflow or Zap is switched on.</p>
      {data.error ? <Alert>{data.error}</Alert> : null}
      {!d ? (
        data.error ? null : <Loading what="outgoing webhooks" />
      ) : d.hooks.length === 0 ? (
        <Empty title="No outgoing webhooks yet">
          <p>Add one to send events to any URL, or switch on an n8n workflow or a Zap that uses Switchboard.</p>
          <a class="btn btn-primary" href="#/hooks/new">
            Add outgoing webhook
          </a>
        </Empty>
      ) : (
        <ul class="cards">
          {d.hooks.map((hook) => (
            <HookCard key={hook.id} hook={hook} data={d} reload={data.reload} />
          ))}
        </ul>
      )}
    </>
  );
}
