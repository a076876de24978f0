import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { Delivery, EventEnvelope, Hook, Page, RawBody } from '../api/types';
import { DeliveryItem } from '../components/DeliveryItem';
import { Alert, Json, Loading, PageTitle, Time } from '../components/ui';
import { prettyJson } from '../format';
import { usePoll } from '../usePoll';

function Replay({ event, hooks, onDone }: { event: EventEnvelope; hooks: Hook[]; onDone: () => void }): JSX.Element {
  const [target, setTarget] = useState('');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const replay = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      const res = await api<{ deliveries: { id: string }[] }>('POST', `/events/${event.id}/replay`, target ? { hook_id: target } : {});
      const n = res.deliveries.length;
      const text = n === 0 ? 'No outgoing webhook matches this event now: nothing was queued.' : `Replayed: ${n} ${n === 1 ? 'delivery' : 'deliveries'} queued, with the same webhook-id.`;
      setMessage({ kind: n === 0 ? 'error' : 'success', text });
      onDone();
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
    }
  };
  return (
    <form class="card inline-form" onSubmit={replay}>
      <label for="replay-to">Replay to</label>
      <select id="replay-to" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
        <option value="">Every outgoing webhook that matches it now</option>
        {hooks.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name ?? h.target_url}
          </option>
        ))}
      </select>
      <button class="btn btn-primary">Replay</button>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
    </form>
  );
}

export function EventDetail({ id }: { id: string }): JSX.Element {
  const [event, setEvent] = useState<EventEnvelope | null>(null);
  const [raw, setRaw] = useState<RawBody | null>(null);
  const [hooks, setHooks] = useState<Hook[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([api<EventEnvelope>('GET', `/events/${id}`), api<RawBody>('GET', `/events/${id}/raw`), api<Page<Hook>>('GET', '/hooks')]).then(
      ([e, r, h]) => {
        setEvent(e);
        setRaw(r);
        setHooks(h.data);
      },
      (err: unknown) => setError(messageOf(err)),
    );
  }, [id]);
  const deliveries = usePoll(() => api<Page<Delivery>>('GET', `/deliveries?event_id=${encodeURIComponent(id)}&limit=100`), [id]);
  if (error) return <Alert>{error}</Alert>;
  if (!event || !raw) return <Loading what="the event" />;
  const nameOf = (hookId: string): string => {
    const hook = hooks.find((h) => h.id === hookId);
    return hook ? (hook.name ?? hook.target_url) : `deleted webhook ${hookId}`;
  };
  return (
    <>
      <PageTitle actions={<a class="btn" href="#/events">All events</a>}>
        <code>{event.type}</code>
      </PageTitle>
      <p class="muted">
        {event.id} · from {event.source.name} · received <Time iso={event.received_at} /> · occurred <Time iso={event.occurred_at} />
      </p>
      {event.warnings.length > 0 ? (
        <Alert kind="warning">
          Normalization notes: {event.warnings.join('; ')}
        </Alert>
      ) : null}
      <Replay event={event} hooks={hooks} onDone={deliveries.reload} />
      <div class="side-by-side">
        <section aria-labelledby="normalized">
          <h2 id="normalized">Normalized event</h2>
          <Json value={event} label="Normalized event JSON" />
        </section>
        <section aria-labelledby="raw">
          <h2 id="raw">
            Raw body <span class="muted small">({raw.method}, {raw.content_type ?? 'no content type'}, {raw.body_bytes} bytes)</span>
          </h2>
          <Json value={prettyJson(raw.body)} label="Raw request body" />
        </section>
      </div>
      <section aria-labelledby="event-deliveries">
        <h2 id="event-deliveries">Deliveries of this event</h2>
        {deliveries.data?.data.length === 0 ? (
          <p class="muted">None: no outgoing webhook matched it when it arrived. Replay it once one does.</p>
        ) : (
          <ul class="deliveries">
            {deliveries.data?.data.map((d) => (
              <DeliveryItem key={d.id} delivery={d} hookName={nameOf(d.hook_id)} onChange={deliveries.reload} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
