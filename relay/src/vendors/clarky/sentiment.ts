import { describeValue } from '../../errors.js';
import { isRecord } from '../shared/guards.js';

const DIGITS = /^\d{1,3}$/;

/**
 * Clarky's sentiment is an integer 0-100: in `conversation.sentiment_score` of the default body,
 * `sentimentScore` of a custom template. Digit strings (templates render text) become numbers;
 * a blank rendering is null; anything else is kept as sent, with a warning.
 */
export function cleanSentiment(data: Record<string, unknown>): { data: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  let out = data;
  for (const key of ['sentimentScore', 'sentiment_score']) {
    if (key in out) out = { ...out, [key]: score(out[key], key, warnings) };
  }
  const conversation = out.conversation;
  if (isRecord(conversation) && 'sentiment_score' in conversation) {
    const cleaned = score(conversation.sentiment_score, 'conversation.sentiment_score', warnings);
    out = { ...out, conversation: { ...conversation, sentiment_score: cleaned } };
  }
  return { data: out, warnings };
}

function score(value: unknown, path: string, warnings: string[]): unknown {
  if (value === null || isScore(value)) return value;
  if (typeof value === 'string' && value.trim() === '') return null;
  if (typeof value === 'string' && DIGITS.test(value.trim()) && isScore(Number(value))) {
    warnings.push(`\`${path}\` arrived as ${describeValue(value)}; kept as the number ${Number(value)}.`);
    return Number(value);
  }
  warnings.push(`\`${path}\` should be an integer 0-100 (got ${describeValue(value)}); kept as sent.`);
  return value;
}

function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100;
}
