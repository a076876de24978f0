import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadCatalog, VENDORS } from '../api/catalog';
import { api, query } from '../api/client';
import type { EventEnvelope, EventType, Page, Source } from '../api/types';
import { Alert, Empty, Loading, PageTitle, Time } from '../components/ui';
import { href, navigate, type Route } from '../router';
import { usePoll } from '../usePoll';

const PAGE = 50;

function personOf(e: EventEnvelope): string {
  const p = e.person;
  if (!p) return '';
  return [p.first_name, p.last_name].filter(Boolean).join(' ') || p.email || p.phone || '';
}

export function Events({ route }: { route: Route }): JSX.Element {
  const vendor = route.params.get('vendor') ?? '';
  const type = route.params.get('type') ?? '';
  const source = route.params.get('source') ?? '';
  const [limit, setLimit] = useState(PAGE);
  const [catalog, setCatalog] = useState<EventType[]>([]);
  useEffect(() => void loadCatalog().then(setCatalog, () => undefined), []);
  useEffect(() => setLimit(PAGE), [vendor, type, source]);
  const sources = usePoll(() => api<Page<Source>>('GET', '/sources'), [], 15_000);
  const list = usePoll(() => api<Page<EventEnvelope>>('GET', `/events${query({ vendor, type, source_id: source, limit })}`), [vendor, type, source, limit]);
  const setParam = (name: string, value: string): void => navigate(href('/events', { vendor, type, source, [name]: value }));
  const rows = list.data?.data;
  return (
    <>
      <PageTitle>Events</PageTitle>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter events">
        <div class="field">
          <label for="e-vendor">Vendor</label>
          <select id="e-vendor" value={vendor} onChange={(e) => setParam('vendor', e.currentTarget.value)}>
            <option value="">Any</option>
            {VENDORS.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="e-type">Event type</label>
          <select id="e-type" value={type} onChange={(e) => setParam('type', e.currentTarget.value)}>
            <option value="">Any</option>
            {catalog
              .filter((t) => !vendor || t.vendor === vendor)
              .map((t) => (
                <option key={t.type} value={t.type}>
                  {t.type}
                </option>
              ))}
          </select>
        </div>
        <div class="field">
          <label for="e-source">Source</label>
          <select id="e-source" value={source} onChange={(e) => setParam('source', e.currentTarget.value)}>
            <option value="">Any</option>
            {sources.data?.data.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {list.error ? <Alert>{list.error}</Alert> : null}
      {!rows ? (
        list.error ? null : <Loading what="events" />
      ) : rows.length === 0 ? (
        <Empty title="No events match">
          <p>{vendor || type || source ? 'Try other filters.' : 'Events appear here as soon as a vendor sends one to a source’s ingest URL.'}</p>
        </Empty>
      ) : (
        <>
          <table class="table responsive">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Type</th>
                <th scope="col">Source</th>
                <th scope="col">Person</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-event-id={e.id}>
                  <td data-label="Received">
                    <a href={`#/events/${e.id}`}>
                      <Time iso={e.received_at} />
                    </a>
                  </td>
                  <td data-label="Type">
                    <a href={`#/events/${e.id}`}>
                      <code>{e.type}</code>
                    </a>
                    {e.cataloged ? null : <span class="badge badge-pending">uncataloged</span>}
                  </td>
                  <td data-label="Source">{e.source.name}</td>
                  <td data-label="Person">{personOf(e) || <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data?.next_cursor && limit < 500 ? (
            <button type="button" class="btn" onClick={() => setLimit(Math.min(limit + PAGE, 500))}>
              Show older events
            </button>
          ) : null}
        </>
      )}
    </>
  );
}
