/**
 * What the fault drills share (diskFull, writerCrash): a steady stream of ingest requests with
 * every answer kept, and the "nothing acknowledged is lost, nothing sent twice without a failed
 * attempt between" checks against a real receiver and the relay's own delivery log.
 */
import { apiCall } from './relay.js';
import type { Received } from './receiver.js';

export interface IngestAnswer {
  status: number;
  retryAfter: string | null;
  eventId: string | null;
  /** How long the answer took; a request past the client's timeout is status 0. */
  ms: number;
}

export interface SteadyIngest {
  answers: IngestAnswer[];
  /** Stops sending and waits for the requests still out. */
  stop(): Promise<IngestAnswer[]>;
}

/** Sends `body` to `url` every `everyMs` (at most `maxOut` requests out at once), each bounded by `timeoutMs`. */
export function steadyIngest(url: string, body: Buffer, options: { everyMs: number; timeoutMs: number; maxOut?: number }): SteadyIngest {
  const answers: IngestAnswer[] = [];
  const out = new Set<Promise<void>>();
  const one = async (): Promise<void> => {
    const started = Date.now();
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(options.timeoutMs) });
      const text = await res.text();
      const eventId = res.status === 202 ? ((JSON.parse(text) as { event_id?: string }).event_id ?? null) : null;
      answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), eventId, ms: Date.now() - started });
    } catch {
      answers.push({ status: 0, retryAfter: null, eventId: null, ms: Date.now() - started });
    }
  };
  const timer = setInterval(() => {
    if (out.size >= (options.maxOut ?? 16)) return;
    const request = one();
    out.add(request);
    void request.then(() => out.delete(request));
  }, options.everyMs);
  return {
    answers,
    async stop() {
      clearInterval(timer);
      await Promise.all([...out]);
      return answers;
    },
  };
}

export interface AttemptSummary {
  outcome: string;
}

/** The recorded attempts of every delivery of `eventId`, through the API. */
export async function attemptsOf(base: string, key: string, eventId: string): Promise<AttemptSummary[]> {
  const page = await apiCall(base, 'GET', `/deliveries?event_id=${encodeURIComponent(eventId)}&limit=10`, undefined, key);
  if (page.status !== 200) throw new Error(`GET /deliveries?event_id=${eventId}: expected 200, got ${page.status} ${JSON.stringify(page.body)}`);
  const deliveries = page.body.data as { attempts_log: AttemptSummary[] }[];
  return deliveries.flatMap((d) => d.attempts_log);
}

/**
 * Webhook-ids the receiver got more often than the schedule allows: once, plus once after each
 * recorded attempt that did not succeed (a timeout, a lost answer). Empty when all is well.
 */
export async function excessSends(base: string, key: string, received: readonly Received[]): Promise<{ id: string; sent: number; failedAttempts: number }[]> {
  const counts = new Map<string, number>();
  for (const r of received) {
    const id = String(r.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const excess: { id: string; sent: number; failedAttempts: number }[] = [];
  for (const [id, sent] of counts) {
    if (sent === 1) continue;
    const failedAttempts = (await attemptsOf(base, key, id)).filter((a) => a.outcome !== 'success').length;
    if (sent > 1 + failedAttempts) excess.push({ id, sent, failedAttempts });
  }
  return excess;
}

/** The acknowledged (202) event ids the receiver never got. */
export function missingDeliveries(answers: readonly IngestAnswer[], received: readonly Received[]): string[] {
  const got = new Set(received.map((r) => String(r.headers['webhook-id'])));
  return answers.flatMap((a) => (a.status === 202 && a.eventId && !got.has(a.eventId) ? [a.eventId] : []));
}

/** Polls `GET /readyz` every `everyMs` until stopped, keeping each status and body. */
export function watchReadiness(base: string, everyMs = 100): { seen: { status: number; body: Record<string, unknown> }[]; stop(): void } {
  const seen: { status: number; body: Record<string, unknown> }[] = [];
  let stopped = false;
  void (async () => {
    while (!stopped) {
      try {
        const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
        seen.push({ status: res.status, body: (await res.json()) as Record<string, unknown> });
      } catch {
        seen.push({ status: 0, body: {} });
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    seen,
    stop: () => {
      stopped = true;
    },
  };
}
