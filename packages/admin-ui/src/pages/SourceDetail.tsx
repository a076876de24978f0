import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { Page, Rejection, Source, SourceWithSecret } from '../api/types';
import { announce } from '../components/announce';
import { SourceSecret } from '../components/SourceSecret';
import { Alert, ConfirmButton, CopyField, Empty, Loading, PageTitle, Switch, Time } from '../components/ui';
import { navigate } from '../router';
import { usePoll } from '../usePoll';

const GRACE = [
  { seconds: 0, label: 'Stop the old token now' },
  { seconds: 3600, label: 'Keep the old token working for 1 hour' },
  { seconds: 86_400, label: 'Keep the old token working for 1 day' },
  { seconds: 604_800, label: 'Keep the old token working for 7 days' },
];

function Rejections({ source }: { source: Source }): JSX.Element {
  const list = usePoll(() => api<Page<Rejection>>('GET', `/sources/${source.id}/rejections?limit=50`), [source.id]);
  const rows = list.data?.data;
  return (
    <section class="card" aria-labelledby="rejections">
      <h2 id="rejections">Refused requests</h2>
      {list.error ? <Alert>{list.error}</Alert> : null}
      {!rows ? (
        <Loading what="refused requests" />
      ) : rows.length === 0 ? (
        <p class="muted">None. Requests this source refuses (wrong token, bad JSON, source switched off…) are listed here with the reason, so a misconfigured vendor is visible.</p>
      ) : (
        <ul class="list">
          {rows.map((r) => (
            <li key={r.id} class="list-item block">
              <p>
                <span class="badge badge-failed">{r.status}</span> <strong>{r.reason}</strong>
              </p>
              <p class="muted small">
                <Time iso={r.received_at} /> · {r.method} · {r.content_type ?? 'no content type'} · {r.body_bytes} bytes · code <code>{r.code}</code>
              </p>
              {r.body_excerpt ? (
                <details>
                  <summary>Body excerpt</summary>
                  <pre class="code">{r.body_excerpt}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SourceDetail({ id }: { id: string }): JSX.Element {
  const source = usePoll(() => api<Source>('GET', `/sources/${id}`), [id], 10_000);
  const [grace, setGrace] = useState(0);
  const [rotated, setRotated] = useState<SourceWithSecret | null>(null);
  const [error, setError] = useState<string | null>(null);
  const s = source.data;
  if (!s) return source.error ? <Alert>{source.error}</Alert> : <Loading what="the source" />;

  const act = async (what: () => Promise<void>): Promise<void> => {
    try {
      await what();
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
    source.reload();
  };
  const rotate = (): Promise<void> =>
    act(async () => {
      setRotated(await api<SourceWithSecret>('POST', `/sources/${s.id}/rotate-token`, { grace_period_seconds: grace }));
      announce('Token rotated. Copy the new URL and token now.');
    });
  const remove = (): Promise<void> =>
    act(async () => {
      await api('DELETE', `/sources/${s.id}`);
      announce(`Source ${s.name} deleted.`);
      navigate('#/sources');
    });
  const toggle = (active: boolean): Promise<void> =>
    act(async () => {
      await api('PATCH', `/sources/${s.id}`, { active });
      announce(`${s.name} switched ${active ? 'on' : 'off'}.`);
    });

  return (
    <>
      <PageTitle actions={<a class="btn" href={`#/events?source=${s.id}`}>Events</a>}>
        {s.name} <span class="muted">({s.vendor_name})</span>
      </PageTitle>
      {error ? <Alert>{error}</Alert> : null}
      {rotated ? <SourceSecret source={rotated} rotated /> : null}
      <section class="card">
        <Switch checked={s.active} label={s.active ? 'Accepting requests' : 'Switched off: requests are refused'} showLabel onChange={(on) => void toggle(on)} />
        {s.description ? <p>{s.description}</p> : null}
        <CopyField id="base-url" label="Ingest base URL" value={s.ingest_base_url} />
        <p class="muted small">
          Token ends in <span class="mono">{s.token_hint}</span>. Added <Time iso={s.created_at} />. The full token was shown once; rotate to get a new one.
        </p>
        <div class="rotate">
          <label for="grace">When rotating</label>
          <select id="grace" value={grace} onChange={(e) => setGrace(Number(e.currentTarget.value))}>
            {GRACE.map((g) => (
              <option key={g.seconds} value={g.seconds}>
                {g.label}
              </option>
            ))}
          </select>
          <ConfirmButton label="Rotate token" question={`Give ${s.name} a new token? ${grace === 0 ? 'The vendor is refused until you paste the new URL or token.' : 'The old token keeps working for the chosen time.'}`} confirm="Rotate" onConfirm={() => void rotate()} />
          <ConfirmButton label="Delete source" danger question={`Delete ${s.name}? Its URL stops working at once. Stored events are kept until retention.`} confirm="Delete" onConfirm={() => void remove()} />
        </div>
      </section>
      <Rejections source={s} />
      {source.error ? <Empty title="Could not refresh">{source.error}</Empty> : null}
    </>
  );
}
