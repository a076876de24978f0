import type { ConfigStore, DeliveryLog, EventLog, StatsLog, Store } from './types.js';

export interface StoreParts {
  config: ConfigStore;
  events: EventLog;
  deliveries: DeliveryLog;
  stats: StatsLog;
}

/**
 * The `Store` methods every implementation forwards to its parts, in one place, so a method
 * added to the interface is wired once for both stores. Each store adds `kind`, `isReady`,
 * `close` and its own extras.
 */
export function forwardStore({ config, events, deliveries, stats }: StoreParts): Omit<Store, 'kind' | 'isReady' | 'close'> {
  return {
    listSources: () => config.listSources(),
    getSource: (id) => config.getSource(id),
    createSource: (record) => config.createSource(record),
    updateSource: (id, patch, now) => config.updateSource(id, patch, now),
    deleteSource: (id) => config.deleteSource(id),
    listApiKeys: () => config.listApiKeys(),
    addApiKey: (record) => config.addApiKey(record),
    listHooks: () => config.listHooks(),
    getHook: (id) => config.getHook(id),
    createHook: (record) => config.createHook(record),
    updateHook: (id, patch, now) => config.updateHook(id, patch, now),
    deleteHook: (id) => config.deleteHook(id),
    appendEvent: (insert, now) => events.appendEvent(insert, now),
    getEvent: (id) => events.getEvent(id),
    listEvents: (query) => events.listEvents(query),
    countEvents: () => events.countEvents(),
    addRejection: (record) => events.addRejection(record),
    listRejections: (sourceId, limit) => events.listRejections(sourceId, limit),
    deleteRejections: (sourceId) => events.deleteRejections(sourceId),
    prune: (now) => events.prune(now),
    addDeliveries: (eventId, eventType, list, now) => deliveries.addDeliveries(eventId, eventType, list, now),
    getDelivery: (id) => deliveries.getDelivery(id),
    listDeliveries: (query) => deliveries.listDeliveries(query),
    dueDeliveries: (hookId, now, limit, exclude) => deliveries.dueDeliveries(hookId, now, limit, exclude),
    nextDueAt: (after) => deliveries.nextDueAt(after),
    hooksWithDueDeliveries: (now) => deliveries.hooksWithDueDeliveries(now),
    recordAttempt: (write, now) => deliveries.recordAttempt(write, now),
    requeueFailed: (hookId, since, now) => deliveries.requeueFailed(hookId, since, now),
    cancelPending: (hookId, now) => deliveries.cancelPending(hookId, now),
    consecutiveFailures: (hookId) => deliveries.consecutiveFailures(hookId),
    deliveryCounts: () => deliveries.deliveryCounts(),
    activitySince: (since) => stats.activitySince(since),
    queueDepth: (now) => stats.queueDepth(now),
    hookHealth: () => stats.hookHealth(),
    lastEventAt: () => stats.lastEventAt(),
  };
}
