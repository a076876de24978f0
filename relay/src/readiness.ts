/**
 * `/readyz`: the store is open and, with a shared database, answers a query now; its writes are
 * not failing for lack of storage (store/writeHealth.ts: a full disk answers reads but takes no
 * writes); with the BullMQ queue, Redis answers a PING too. A load balancer stops sending
 * requests to a process that cannot reach either (it could accept nothing durably, or hand
 * nothing over).
 */
import type { Role } from './config.js';
import type { WriteState } from './store/writeHealth.js';

export interface ReadinessReport {
  ready: boolean;
  body: { status: 'ready' | 'not_ready'; store: string; role: Role; database?: 'ok' | 'unreachable'; writes?: WriteState; redis?: 'ok' | 'unreachable' };
}

export interface ReadinessProbes {
  store: { kind: string; isReady(): boolean; ping?: () => Promise<boolean> };
  role: Role;
  /** Present when deliveries go through Redis. */
  redis?: { ping(): Promise<boolean> } | null;
  /** How the store's latest writes went. */
  writes?: { state(): WriteState };
}

export async function checkReadiness({ store, role, redis, writes }: ReadinessProbes): Promise<ReadinessReport> {
  const [database, redisOk] = await Promise.all([store.ping ? store.ping() : Promise.resolve(store.isReady()), redis ? redis.ping() : Promise.resolve(null)]);
  const writeState = writes?.state();
  const ready = store.isReady() && database && writeState !== 'failing' && redisOk !== false;
  return {
    ready,
    body: {
      status: ready ? 'ready' : 'not_ready',
      store: store.kind,
      role,
      ...(store.ping ? { database: database ? 'ok' : 'unreachable' } : {}),
      ...(writeState ? { writes: writeState } : {}),
      ...(redisOk === null ? {} : { redis: redisOk ? 'ok' : 'unreachable' }),
    },
  };
}
