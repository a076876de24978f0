/**
 * `/readyz`: the store is open and, with a shared database, answers a query now; with the
 * BullMQ queue, Redis answers a PING too. A load balancer stops sending requests to a process
 * that cannot reach either (it could accept nothing durably, or hand nothing over).
 */
import type { Role } from './config.js';

export interface ReadinessReport {
  ready: boolean;
  body: { status: 'ready' | 'not_ready'; store: string; role: Role; database?: 'ok' | 'unreachable'; redis?: 'ok' | 'unreachable' };
}

export interface ReadinessProbes {
  store: { kind: string; isReady(): boolean; ping?: () => Promise<boolean> };
  role: Role;
  /** Present when deliveries go through Redis. */
  redis?: { ping(): Promise<boolean> } | null;
}

export async function checkReadiness({ store, role, redis }: ReadinessProbes): Promise<ReadinessReport> {
  const [database, redisOk] = await Promise.all([store.ping ? store.ping() : Promise.resolve(store.isReady()), redis ? redis.ping() : Promise.resolve(null)]);
  const ready = store.isReady() && database && redisOk !== false;
  return {
    ready,
    body: {
      status: ready ? 'ready' : 'not_ready',
      store: store.kind,
      role,
      ...(store.ping ? { database: database ? 'ok' : 'unreachable' } : {}),
      ...(redisOk === null ? {} : { redis: redisOk ? 'ok' : 'unreachable' }),
    },
  };
}
