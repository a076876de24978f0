import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadCatalog } from '../api/catalog';
import { api, messageOf, query } from '../api/client';
import type { Delivery, EventType, Hook, Page } from '../api/types';
import { DeliveryItem } from '../components/DeliveryItem';
import { Alert, Empty, Loading, PageTitle } from '../components/ui';
import { toLocalInput } from '../format';
import { href, navigate, type Route } from '../router';
import { usePoll } from '../usePoll';

const STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'];
const PAGE = 50;

function Recover({ hook }: { hook: Hook }): JSX.Element {
  const [since, setSince] = useState(() => toLocalInput(new Date(Date.now() - 3600_000)));
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const recover = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      const res = await api<{ requeued: number; active: boolean }>('POST', `/hooks/${hook.id}/recover`, { since: new Date(since).toISOString() });
      const text = `${res.requeued} failed ${res.requeued === 1 ? 'delivery' : 'deliveries'} queued again.${res.active ? '' : ' This webhook is switched off: switch it on to send them.'}`;
      setMessage({ kind: 'success', text });
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
    }
  };
  return (
    <form class="card inline-form" onSubmit={recover}>
      <label for="recover-since">Recover: send failed deliveries again, created since</label>
      <input id="recover-since" type="datetime-local" required value={since} onInput={(e) => setSince(e.currentTarget.value)} />
      <button class="btn">Recover</button>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
    </form>
  );
}

export function Logs({ route }: { route: Route }): JSX.Element {
  const p = route.params;
  const hookId = p.get('hook') ?? '';
  const status = p.get('status') ?? '';
  const type = p.get('type') ?? '';
  const eventId = p.get('event') ?? '';
  const [limit, setLimit] = useState(PAGE);
  const [catalog, setCatalog] = useState<EventType[]>([]);
  useEffect(() => void loadCatalog().then(setCatalog, () => undefined), []);
  useEffect(() => setLimit(PAGE), [hookId, status, type, eventId]);
  const hooks = usePoll(() => api<Page<Hook>>('GET', '/hooks'), [], 15_000);
  const list = usePoll(() => api<Page<Delivery>>('GET', `/deliveries${query({ hook_id: hookId, status, event_type: type, event_id: eventId, limit })}`), [hookId, status, type, eventId, limit]);
  const setParam = (name: string, value: string): void => navigate(href('/logs', { hook: hookId, status, type, event: eventId, [name]: value }));
  const nameOf = (id: string): string => {
    const hook = hooks.data?.data.find((h) => h.id === id);
    return hook ? (hook.name ?? hook.target_url) : `deleted webhook ${id}`;
  };
  const hook = hooks.data?.data.find((h) => h.id === hookId);
  const rows = list.data?.data;
  return (
    <>
      <PageTitle>{hook ? `Logs: ${hook.name ?? hook.target_url}` : 'Delivery logs'}</PageTitle>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter deliveries">
        <div class="field">
          <label for="f-hook">Outgoing webhook</label>
          <select id="f-hook" value={hookId} onChange={(e) => setParam('hook', e.currentTarget.value)}>
            <option value="">All</option>
            {hooks.data?.data.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name ?? h.target_url}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" value={status} onChange={(e) => setParam('status', e.currentTarget.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-type">Event type</label>
          <select id="f-type" value={type} onChange={(e) => setParam('type', e.currentTarget.value)}>
            <option value="">Any</option>
            {catalog.map((t) => (
              <option key={t.type} value={t.type}>
                {t.type}
              </option>
            ))}
          </select>
        </div>
        {eventId ? (
          <p class="small">
            Event <code>{eventId}</code> <a href={href('/logs', { hook: hookId, status, type })}>show all events</a>
          </p>
        ) : null}
      </form>
      {hook ? <Recover hook={hook} /> : null}
      {list.error ? <Alert>{list.error}</Alert> : null}
      {!rows ? (
        list.error ? null : <Loading what="deliveries" />
      ) : rows.length === 0 ? (
        <Empty title="No deliveries match">
          <p>{hookId || status || type || eventId ? 'Try other filters.' : 'Deliveries appear here as soon as an event matches an outgoing webhook, or a test is sent.'}</p>
        </Empty>
      ) : (
        <>
          <ul class="deliveries" aria-label="Deliveries, newest first">
            {rows.map((d) => (
              <DeliveryItem key={d.id} delivery={d} hookName={nameOf(d.hook_id)} onChange={list.reload} />
            ))}
          </ul>
          {list.data?.next_cursor && limit < 500 ? (
            <button type="button" class="btn" onClick={() => setLimit(Math.min(limit + PAGE, 500))}>
              Show older deliveries
            </button>
          ) : null}
        </>
      )}
    </>
  );
}
