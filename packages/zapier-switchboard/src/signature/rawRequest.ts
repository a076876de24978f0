/**
 * What Zapier's backend hands a hook trigger's `perform` (ENVIRONMENT.md, Zapier section):
 * `bundle.rawRequest = {method, querystring, headers, content}` with every header except
 * Content-Type and Content-Length renamed `Http-` + Camel-Case (`webhook-signature` arrives as
 * `Http-Webhook-Signature`). Pure: `unknown` in, typed values out.
 */
export interface RawRequest {
  headers: Readonly<Record<string, string>>;
  /** The body exactly as received: what the signature covers. */
  content: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The raw request, or null when Zapier passed none (or one without a body string). */
export function readRawRequest(value: unknown): RawRequest | null {
  if (!isRecord(value) || typeof value['content'] !== 'string') return null;
  const headers: Record<string, string> = {};
  if (isRecord(value['headers'])) {
    for (const [name, header] of Object.entries(value['headers'])) {
      if (typeof header === 'string') headers[name] = header;
    }
  }
  return { headers, content: value['content'] };
}

/**
 * A header by name, in any case, with or without Zapier's `Http-` prefix. Null when absent, and
 * also when two spellings disagree: an ambiguous header is never guessed at (fail closed).
 */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | null {
  const wanted = name.toLowerCase();
  const values = new Set<string>();
  for (const [key, value] of Object.entries(headers)) {
    const lower = key.toLowerCase();
    if (lower === wanted || lower === `http-${wanted}`) values.add(value);
  }
  const [only] = values;
  return values.size === 1 && only !== undefined && only.length > 0 ? only : null;
}
