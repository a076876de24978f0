import type { JSX } from 'preact';
import { api } from '../api/client';
import type { Counts, Stats } from '../api/types';
import { Alert, Empty, Loading, PageTitle, Time } from '../components/ui';
import { plural } from '../format';
import { href } from '../router';
import { usePoll } from '../usePoll';

function Window({ title, events, deliveries, logsSince }: { title: string; events: number; deliveries: Counts; logsSince: string }): JSX.Element {
  return (
    <section class="card" aria-labelledby={`w-${logsSince}`}>
      <h2 id={`w-${logsSince}`}>{title}</h2>
      <dl class="stats">
        <div>
          <dt>Events received</dt>
          <dd data-stat="events">{events.toLocaleString('en')}</dd>
        </div>
        <div>
          <dt>Delivered</dt>
          <dd class="ok" data-stat="succeeded">{deliveries.succeeded.toLocaleString('en')}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd class={deliveries.failed > 0 ? 'bad' : ''} data-stat="failed">
            {deliveries.failed > 0 ? <a href={href('/logs', { status: 'failed' })}>{deliveries.failed.toLocaleString('en')}</a> : '0'}
          </dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd data-stat="pending">{deliveries.pending.toLocaleString('en')}</dd>
        </div>
      </dl>
    </section>
  );
}

export function Overview(): JSX.Element {
  const stats = usePoll(() => api<Stats>('GET', '/stats'), []);
  const s = stats.data;
  return (
    <>
      <PageTitle>Overview</PageTitle>
      {stats.error ? <Alert>{stats.error}</Alert> : null}
      {!s ? (
        stats.error ? null : <Loading what="the overview" />
      ) : (
        <>
          {s.sources.total === 0 ? (
            <Empty title="No sources yet">
              <p>Add a source for each vendor account that should send webhooks here. You get its ingest URL and set-up steps at once.</p>
              <a class="btn btn-primary" href="#/sources/new">
                Add a source
              </a>
            </Empty>
          ) : null}
          <div class="grid-2">
            <Window title="Last hour" events={s.last_hour.events} deliveries={s.last_hour.deliveries} logsSince="hour" />
            <Window title="Last 24 hours" events={s.last_day.events} deliveries={s.last_day.deliveries} logsSince="day" />
          </div>
          <div class="grid-3">
            <section class="card">
              <h2>Delivery queue</h2>
              <p class="big" data-stat="queue">{s.queue.pending.toLocaleString('en')}</p>
              <p class="muted">{s.queue.pending === 0 ? 'Nothing waiting.' : `${plural(s.queue.due, 'delivery', 'deliveries')} due now, the rest waiting for a retry.`}</p>
            </section>
            <section class="card">
              <h2>Sources</h2>
              <p class="big">{s.sources.total}</p>
              <p class="muted">
                {s.sources.active} on. Last event: <Time iso={s.last_event_at} />
              </p>
            </section>
            <section class="card">
              <h2>Outgoing webhooks</h2>
              <p class="big">{s.subscriptions.total}</p>
              <p class="muted">
                {s.subscriptions.active} on, {s.subscriptions.inactive} switched off, {s.subscriptions.disabled} switched off by the relay
              </p>
            </section>
          </div>
          <section class="card" aria-labelledby="attention">
            <h2 id="attention">Needs attention</h2>
            {s.attention.length === 0 ? (
              <p class="muted">Every outgoing webhook is delivering. Failing or switched-off ones would be listed here with the reason.</p>
            ) : (
              <ul class="list">
                {s.attention.map((item) => (
                  <li key={item.hook_id} class="list-item">
                    <div>
                      <a href={`#/hooks/${item.hook_id}`}>
                        <strong>{item.name ?? item.target_url}</strong>
                      </a>{' '}
                      <span class={`badge ${item.active ? 'badge-pending' : 'badge-failed'}`}>{item.active ? 'Failing' : 'Switched off'}</span>
                      <p class="reason">{item.reason}</p>
                      <p class="muted small">
                        Last failure <Time iso={item.last_failure_at} />, last success <Time iso={item.last_success_at} />
                      </p>
                    </div>
                    <a class="btn btn-small" href={href('/logs', { hook: item.hook_id, status: 'failed' })}>
                      Failed deliveries
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
