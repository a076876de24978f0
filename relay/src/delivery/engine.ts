/**
 * The embedded delivery engine. The store is the queue: a delivery is `pending` with a due time
 * until an attempt settles it, so pending and scheduled work survives SIGKILL (at-least-once,
 * same `webhook-id`). In memory there is only what is in flight right now.
 *
 * Isolation: each subscription has its own lane (at most `perHookConcurrency` attempts in flight,
 * its own sockets in the sender), and at most `globalConcurrency` attempts run in all. A hanging
 * subscriber fills only its own lane until its attempts time out.
 */
import { AppError } from '../errors.js';
import type { EventEnvelope } from '../events/envelope.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import type { AttemptWrite, DeliveryRecord, DeliveryTrigger, HookRecord, NewDelivery, Store } from '../store/types.js';
import type { HookRegistry } from '../subscriptions/registry.js';
import { afterAttempt } from './afterAttempt.js';
import { performAttempt, type AttemptDeps, type AttemptReport } from './attempt.js';
import type { DeliveryMetrics } from './metrics.js';
import type { Sender } from './sender.js';
import { EventCache } from './eventCache.js';
import { Lanes, type Ticket } from './lanes.js';
import { ReadyQueue } from './readyQueue.js';
import { recordUntilStored } from './recordRetry.js';
import type { DeliveryService } from './service.js';

export interface EngineOptions {
  /** @default 128 */
  globalConcurrency: number;
  /** @default 8 */
  perHookConcurrency: number;
  /** Per attempt, the whole exchange. @default 15000 */
  timeoutMs: number;
  /** Finally-failed deliveries in a row that switch a subscription off. @default 20 */
  autoDisableAfter: number;
  /** Longest sleep between scans when nothing is due. @default 1000 */
  idleScanMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { globalConcurrency: 128, perHookConcurrency: 8, timeoutMs: 15_000, autoDisableAfter: 20, idleScanMs: 1_000 };

export interface EngineDeps {
  store: Store;
  hooks: HookRegistry;
  sender: Sender;
  logger: Logger;
  now: () => Date;
  metrics?: DeliveryMetrics;
  jitter?: () => number;
  /**
   * The process's lanes, when another component attempts deliveries too (the queue worker): a
   * delivery holds one ticket at a time over all of them. @default lanes of its own, reporting to `metrics`
   */
  lanes?: Lanes;
}

export class DeliveryEngine implements DeliveryService {
  readonly #deps: EngineDeps;
  readonly #options: EngineOptions;
  readonly #lanes: Lanes;
  readonly #running = new Set<Promise<unknown>>();
  readonly #events = new EventCache();
  readonly #ready = new ReadyQueue();
  #scanning = false;
  #rescan = false;
  #timer: NodeJS.Timeout | null = null;
  #immediate: NodeJS.Immediate | null = null;
  #stopped = true;
  /** Aborted at stop: records still being retried give up (their rows stay pending). */
  #abort = new AbortController();

  constructor(deps: EngineDeps, options: Partial<EngineOptions> = {}) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    this.#lanes = deps.lanes ?? new Lanes((sending) => deps.metrics?.inFlight.set(sending));
    deps.hooks.onChange((change) => {
      if (change.kind === 'deleted') {
        deps.sender.closeHook(change.id);
        this.#ready.drop(change.id);
        void this.#cancelOrphans([change.id]);
      }
      this.notify();
    });
  }

  /** Pending deliveries of subscriptions that no longer exist are cancelled. Never throws. */
  async #cancelOrphans(hookIds: readonly string[]): Promise<void> {
    const now = this.#deps.now();
    for (const hookId of hookIds) {
      try {
        const cancelled = await this.#deps.store.cancelPending(hookId, now);
        if (cancelled > 0) this.#deps.logger.info({ hook_id: hookId, cancelled }, 'cancelled deliveries of a deleted subscription');
      } catch (err) {
        this.#deps.logger.error({ err, hook_id: hookId }, 'could not cancel deliveries of a deleted subscription');
      }
    }
  }

  start(): void {
    this.#stopped = false;
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    // Once, at start: subscriptions deleted while the relay was down leave pending rows behind.
    void this.#deps.store.hooksWithDueDeliveries(new Date(8.64e15)).then(
      (ids) => this.#cancelOrphans(ids.filter((id) => !this.#deps.hooks.get(id))),
      (err: unknown) => this.#deps.logger.error({ err }, 'could not look for deliveries of deleted subscriptions'),
    );
    this.notify();
  }

  /** Stops scheduling; waits up to `graceMs` for attempts in flight (the rest are redone after restart). */
  async stop(graceMs = 5_000): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.#running]), grace]);
  }

  /**
   * An event just committed with these (pending, due now) deliveries: keep the event at hand for
   * their attempts and start them without a look-up in the store (see ReadyQueue).
   */
  fresh(event: EventEnvelope, deliveries: readonly NewDelivery[], at: Date): void {
    this.remember(event);
    const when = at.toISOString();
    this.#ready.add(
      deliveries.map((d): DeliveryRecord => ({
        id: d.id, event_id: event.id, event_type: event.type, hook_id: d.hook_id, trigger: d.trigger, status: 'pending',
        attempts: 0, cycle_attempts: 0, next_attempt_at: when, last_status_code: null, last_error: null, created_at: when, updated_at: when,
      })),
    );
    this.#wake();
  }

  #loadEvent(id: string): Promise<EventEnvelope | null> {
    return this.#events.load(id, this.#deps.store);
  }

  /** Keeps an event at hand for attempts made here (test sends and retries in queued mode). */
  remember(event: EventEnvelope): void {
    this.#events.put(event);
  }

  /** The store may have new due work (a replay, a recover, a retry coming due): look it up soon. */
  notify(): void {
    this.#ready.markStored();
    this.#wake();
  }

  /** A slot was freed or fresh work is in memory: scan soon, once per turn. */
  #wake(): void {
    if (this.#stopped) return;
    this.#immediate ??= setImmediate(() => {
      this.#immediate = null;
      void this.#scan();
    });
  }

  inFlight(): number {
    return this.#lanes.sending;
  }

  /**
   * `POST /deliveries/:id/retry`: one more attempt now, answered with its outcome. Refused with a
   * 409 `conflict` while the delivery has an attempt in flight here (sending or being recorded):
   * two attempts at once would only send the same event twice. The row is read again once the
   * ticket is held, so the attempt starts from the state the last one left.
   */
  async retryNow(delivery: DeliveryRecord, hook: HookRecord): Promise<AttemptReport> {
    const ticket = this.#lanes.start(delivery.hook_id, delivery.id);
    if (!ticket) throw attemptInFlight(delivery.id);
    this.#ready.remove(delivery.hook_id, delivery.id);
    this.#ready.started(delivery.id);
    return this.#run(ticket, async (sent, hold) => {
      const current = await this.#deps.store.getDelivery(delivery.id);
      if (!current) throw new AppError('not_found', `No delivery ${JSON.stringify(delivery.id)} (it was pruned meanwhile).`);
      const event = await this.#loadEvent(current.event_id);
      return this.#attempt(current, hook, 'manual', event, sent, hold);
    });
  }

  /** `POST /hooks/:id/test`: delivers `event` (a sample, not stored) now and records it as a `test` delivery. */
  async sendTest(hook: HookRecord, event: EventEnvelope): Promise<AttemptReport> {
    const now = this.#deps.now();
    const id = newId('dlv', now.getTime());
    const ticket = this.#lanes.start(hook.id, id);
    if (!ticket) throw new Error(`fresh delivery id ${id} is already in flight`);
    return this.#run(ticket, async (sent, hold) => {
      await this.#deps.store.addDeliveries(event.id, event.type, [{ id, hook_id: hook.id, trigger: 'test' }], now);
      const delivery = await this.#deps.store.getDelivery(id);
      if (!delivery) throw new Error(`test delivery ${id} vanished`);
      return this.#attempt(delivery, hook, 'test', event, sent, hold);
    });
  }

  async #scan(): Promise<void> {
    if (this.#scanning) {
      this.#rescan = true;
      return;
    }
    this.#scanning = true;
    try {
      do {
        this.#rescan = false;
        await this.#fillLanes();
      } while (this.#rescan && !this.#stopped);
      await this.#armTimer();
    } catch (err) {
      this.#deps.logger.error({ err }, 'delivery scan failed; retrying');
      this.#arm(this.#options.idleScanMs);
    } finally {
      this.#scanning = false;
    }
  }

  /**
   * Fills each active subscription's free slots: first from the fresh deliveries in memory, then,
   * only if the store may hold more due rows for it, with one indexed look-up. The cost of a scan
   * follows the number of subscriptions, never the size of the backlog (asking the store which
   * subscriptions have due work visits every due row; see docs/performance.md).
   */
  async #fillLanes(): Promise<void> {
    const { store, hooks } = this.#deps;
    const now = this.#deps.now();
    const lanes = this.#lanes;
    const ready = this.#ready;
    const all = hooks.all();
    ready.expandMarks(all.map((h) => h.record.id));
    lanes.beginScan();
    try {
      for (const { record: hook } of all) {
        if (this.#stopped || lanes.sending >= this.#options.globalConcurrency) return;
        if (!hook.active) continue; // paused: resumes when switched back on
        let free = this.#freeSlots(hook.id);
        if (free <= 0) continue;
        if (ready.mayHaveStored(hook.id)) {
          // Older work first (a backlog, retries coming due); the fresh deliveries are rows
          // of the store too, so the look-up may return some of them: they leave the queue.
          const generation = ready.generation(hook.id);
          const due = await store.dueDeliveries(hook.id, now, free, lanes.busy(hook.id));
          if (due.length < free) ready.drained(hook.id, generation);
          for (const d of due) ready.remove(hook.id, d.id);
          const started = due.filter((d) => !lanes.taken(hook.id, d.id));
          this.#launch(started);
          free = Math.min(free - started.length, this.#freeSlots(hook.id));
        }
        this.#launch(ready.take(hook.id, free).filter((d) => !lanes.taken(hook.id, d.id)));
      }
    } finally {
      lanes.endScan();
    }
  }

  #freeSlots(hookId: string): number {
    return Math.min(this.#lanes.free(hookId, this.#options.perHookConcurrency), this.#options.globalConcurrency - this.#lanes.sending);
  }

  #launch(deliveries: readonly DeliveryRecord[]): void {
    const { hooks } = this.#deps;
    for (const delivery of deliveries) {
      const ticket = this.#lanes.start(delivery.hook_id, delivery.id);
      if (!ticket) continue; // a manual retry or a queue job holds it; the store's state decides later
      this.#ready.started(delivery.id);
      void this.#run(ticket, async (sent, hold) => {
        const event = await this.#loadEvent(delivery.event_id);
        const current = hooks.get(delivery.hook_id)?.record; // a PATCHed target_url applies now
        if (!current) return null; // deleted meanwhile: its pending rows are cancelled
        return this.#attempt(delivery, current, delivery.trigger === 'replay' ? 'replay' : 'scheduled', event, sent, hold);
      }).catch((err: unknown) => this.#deps.logger.error({ err, delivery_id: delivery.id }, 'delivery attempt ended without a record; it stays pending'));
    }
  }

  /**
   * Sleeps until the next scheduled (future) attempt. Work due now is in flight or waiting for a
   * lane, and a finishing attempt rescans; the idle scan is only a safety net.
   */
  async #armTimer(): Promise<void> {
    if (this.#stopped) return;
    const now = this.#deps.now();
    const next = await this.#deps.store.nextDueAt(now);
    const wait = next ? next.getTime() - now.getTime() : Number.POSITIVE_INFINITY;
    this.#arm(Math.max(1, Math.min(wait, this.#options.idleScanMs)));
  }

  #arm(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.notify(), ms);
    this.#timer.unref();
  }

  /**
   * Runs one attempt on its ticket. `work` calls `sent()` once the subscriber has answered: the
   * slot is freed for the next delivery while this one is being recorded. A record that outlives
   * `work` (an interactive caller answered before the store took it) is passed to `hold`: the
   * ticket is given back once it settles, so the delivery stays out of scans until then. Either
   * way the ticket is given back exactly once, however `work` ends (it is called inside the
   * `try`, so even a synchronous throw is covered).
   */
  async #run<T>(ticket: Ticket, work: (sent: () => void, hold: (recorded: Promise<unknown>) => void) => Promise<T>): Promise<T> {
    const sent = (): void => {
      ticket.sent();
      this.#wake();
    };
    const held: Promise<unknown>[] = [];
    let promise: Promise<T> | null = null;
    try {
      promise = work(sent, (recorded) => held.push(recorded));
      this.#running.add(promise);
      return await promise;
    } finally {
      if (promise) this.#running.delete(promise);
      const release = (): void => {
        ticket.done();
        this.#wake();
      };
      if (held.length === 0) release();
      else {
        const settled = Promise.allSettled(held).then(release);
        this.#running.add(settled);
        void settled.then(() => this.#running.delete(settled));
      }
    }
  }

  /**
   * Sends, then records with retries (recordRetry.ts): a delivery whose record fails is held,
   * never sent again meanwhile. A scheduled attempt waits for its record; an interactive one
   * (manual retry, test send) answers the first failure (503) and leaves the retries to `hold`.
   */
  async #attempt(delivery: DeliveryRecord, hook: HookRecord, trigger: DeliveryTrigger, event: EventEnvelope | null, sent: () => void, hold: (recorded: Promise<unknown>) => void): Promise<AttemptReport> {
    const interactive = trigger === 'manual' || trigger === 'test';
    const record = (write: AttemptWrite, now: Date): Promise<number | null> => {
      const log = { delivery_id: delivery.id, hook_id: hook.id, event_id: delivery.event_id, attempt: write.attempt.number };
      const tries = recordUntilStored(() => this.#deps.store.recordAttempt(write, now), { logger: this.#deps.logger, signal: this.#abort.signal, log });
      if (!interactive) return tries.stored;
      hold(tries.stored);
      return tries.first;
    };
    const deps: AttemptDeps = { ...this.#deps, timeoutMs: this.#options.timeoutMs, serialize: (e) => this.#events.body(e), record };
    const report = await performAttempt(deps, delivery, hook, trigger, event, sent);
    this.#deps.metrics?.observeAttempt(report);
    await afterAttempt({ ...this.#deps, autoDisableAfter: this.#options.autoDisableAfter }, hook, report);
    return report;
  }
}

/** The answer to a manual retry of a delivery that has an attempt in flight (docs/delivery.md). */
function attemptInFlight(deliveryId: string): AppError {
  return new AppError(
    'conflict',
    `Delivery ${deliveryId} has an attempt in flight; wait for it to finish (GET /api/v1/deliveries/${deliveryId} shows its outcome), then retry if it is still needed.`,
  );
}
