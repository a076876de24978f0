/**
 * Everything the BullMQ mode needs, behind one module that `server.ts` imports only when
 * SWITCHBOARD_REDIS_URL is set: the embedded relay never loads BullMQ or ioredis (about a second
 * of start-up on a busy machine).
 */
export { startConfigBus } from '../../subscriptions/configBus.js';
export { DeliveryQueue } from './producer.js';
export { QueuedDelivery } from './queued.js';
export { queueingStore } from './queueingStore.js';
export { registerQueueMetrics } from './queueMetrics.js';
export { startSweeper } from './sweeper.js';
export { QueueWorker } from './worker.js';
