import { describeValue } from '../../errors.js';
import type { NormalizeContext, NormalizeResult } from '../types.js';
import { cleanPayload, type CleanRules } from '../shared/clean.js';
import { accept, requireObject, requireEventName } from '../shared/result.js';
import { toIsoUtc } from '../shared/time.js';
import { spellingWarnings } from '../shared/variants.js';
import { catalog } from './catalog.js';
import { clarkyPerson } from './person.js';
import { cleanSentiment } from './sentiment.js';

const NAME = 'Clarky';
const SHAPE = '{"event", "timestamp", "agent", ...}';
const EVENTS = catalog.map((entry) => entry.vendorEvent);

/** Id placeholders of Clarky's custom body templates (`{{botId}}`, `{{conversationId}}`). */
const TEMPLATE_ID_KEYS = new Set(['botId', 'conversationId']);

/** The top-level `timestamp` is read separately below: it is also the event time. */
const RULES: CleanRules = {
  timestampKeys: new Set([
    'created_at', 'updated_at', 'last_contacted_at', 'last_message_at', 'last_activity_at',
    'assigned_at', 'archived_at', 'start_time', 'end_time', 'previous_start_time',
  ]),
  ids: { isIdKey: (key) => key === 'id' || key.endsWith('_id') || TEMPLATE_ID_KEYS.has(key), as: 'string' },
};

/**
 * Users can replace Clarky's default body with their own template, so only `event` is required
 * and everything else is read from whatever is present. Clarky sends no event id: no dedupe key.
 */
export function normalizeClarky(body: unknown, ctx: NormalizeContext): NormalizeResult {
  const object = requireObject(body, NAME, SHAPE);
  if (!object.ok) return object;
  const event = requireEventName(object.value, 'event', `${NAME} sends ${SHAPE}`);
  if (!event.ok) return event;
  const time = eventTime(object.value.timestamp, ctx.receivedAt);
  const cleaned = cleanPayload(object.value, RULES);
  const sentiment = cleanSentiment(time.readable ? { ...cleaned.value, timestamp: time.iso } : cleaned.value);
  return accept({
    vendorEvent: event.value,
    occurredAt: time.iso,
    person: clarkyPerson(object.value),
    data: sentiment.data,
    warnings: [...spellingWarnings(event.value, EVENTS), ...time.warnings, ...cleaned.warnings, ...sentiment.warnings],
    dedupeKey: null,
  });
}

/** `timestamp` when readable; otherwise the received time, with a warning if a value was sent. */
function eventTime(value: unknown, receivedAt: Date): { iso: string; readable: boolean; warnings: string[] } {
  const iso = toIsoUtc(value);
  if (iso !== null) return { iso, readable: true, warnings: [] };
  const sent = value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
  const warning = `\`timestamp\` is not a readable timestamp (got ${describeValue(value)}); occurred_at is the received time.`;
  return { iso: receivedAt.toISOString(), readable: false, warnings: sent ? [warning] : [] };
}
