/**
 * The bound on what normalization may add to a request (docs/vendors.md, "How much bigger an event
 * can be than its request"): the serialized envelope is at most 2 x the body + 16 KiB. The vendor
 * code keeps inside it by construction; this check, after normalizing and before anything is
 * matched, stored or delivered, makes it hold whatever the vendor code does. The one growth the
 * vendor code cannot avoid is re-serializing numbers sent with an exponent (`1e20` is 21 bytes as
 * JSON.stringify writes it); such a body is refused rather than stored as a much larger event.
 */
import type { EventEnvelope } from '../events/envelope.js';
import { AppError } from '../errors.js';

/** The constant part of the bound: the envelope's own fields (about 4 KiB at most) and the warnings (8 KiB at most). */
export const ENVELOPE_SLACK_BYTES = 16 * 1024;

/** The largest serialized envelope allowed for a body of `bodyBytes` bytes. */
export function envelopeBound(bodyBytes: number): number {
  return 2 * bodyBytes + ENVELOPE_SLACK_BYTES;
}

/** Throws `payload_too_large` (413) when `envelope`, serialized, is over `envelopeBound(bodyBytes)`. */
export function checkEnvelopeSize(envelope: EventEnvelope, bodyBytes: number): void {
  const size = Buffer.byteLength(JSON.stringify(envelope));
  const bound = envelopeBound(bodyBytes);
  if (size <= bound) return;
  throw new AppError(
    'payload_too_large',
    `The normalized event would be ${size} bytes, over the limit of 2 × the body (${bodyBytes} bytes) + 16 KiB = ${bound} bytes; ` +
      'it was not accepted. Numbers written with an exponent (e.g. 1e20) grow when normalized: send them as plain digits.',
  );
}
