import type { Gauge } from 'prom-client';
import type { AttemptReport } from './attempt.js';

/** What the delivery engine reports; implemented in `metrics.ts`. */
export interface DeliveryMetrics {
  inFlight: Gauge;
  observeAttempt(report: AttemptReport): void;
}
