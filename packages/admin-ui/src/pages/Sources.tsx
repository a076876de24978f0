import type { JSX } from 'preact';
import { api, messageOf } from '../api/client';
import type { Page, Source } from '../api/types';
import { announce } from '../components/announce';
import { Alert, CopyButton, Empty, Loading, PageTitle, Switch, Time } from '../components/ui';
import { usePoll } from '../usePoll';

export function Sources(): JSX.Element {
  const list = usePoll(() => api<Page<Source>>('GET', '/sources'), []);
  const toggle = async (source: Source, active: boolean): Promise<void> => {
    try {
      await api('PATCH', `/sources/${source.id}`, { active });
      announce(`${source.name} switched ${active ? 'on' : 'off'}.`);
    } catch (err) {
      announce(`Could not switch ${source.name}: ${messageOf(err)}`);
    }
    list.reload();
  };
  const sources = list.data?.data;
  return (
    <>
      <PageTitle actions={<a class="btn btn-primary" href="#/sources/new">Add a source</a>}>Sources</PageTitle>
      <p class="lead">One source per vendor account: each has its own secret ingest URL. A source switched off refuses its vendor's requests (403).</p>
      {list.error ? <Alert>{list.error}</Alert> : null}
      {!sources ? (
        list.error ? null : <Loading what="sources" />
      ) : sources.length === 0 ? (
        <Empty title="No sources yet">
          <p>Add one for each Clockwork, Clockwise.MD, Clarityflow or Clarky account that should send events here.</p>
          <a class="btn btn-primary" href="#/sources/new">
            Add a source
          </a>
        </Empty>
      ) : (
        <table class="table responsive">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Ingest base URL</th>
              <th scope="col">Token</th>
              <th scope="col">On</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.id}>
                <td data-label="Source">
                  <a href={`#/sources/${s.id}`}>
                    <strong>{s.name}</strong>
                  </a>
                  <div class="muted small">{s.vendor_name}</div>
                </td>
                <td data-label="Ingest base URL" class="mono break">
                  {s.ingest_base_url} <CopyButton text={s.ingest_base_url} label={`ingest base URL of ${s.name}`} />
                </td>
                <td data-label="Token" class="mono">
                  ••••{s.token_hint}
                </td>
                <td data-label="On">
                  <Switch checked={s.active} label={`Source ${s.name}`} onChange={(on) => void toggle(s, on)} />
                </td>
                <td data-label="Added">
                  <Time iso={s.created_at} />
                </td>
                <td>
                  <a class="btn btn-small" href={`#/sources/${s.id}`}>
                    Manage
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
