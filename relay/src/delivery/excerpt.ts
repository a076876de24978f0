/**
 * The start of a response body, for the delivery log. Reads at most `maxChars` characters
 * (Unicode code points, decoded as UTF-8, invalid bytes replaced) and then destroys the stream,
 * so a huge or endless response costs a few kilobytes and the socket, nothing more.
 */
import type { Readable } from 'node:stream';

/** The contract's "first 5000 characters". */
export const EXCERPT_CHARS = 5000;

/** The first `max` code points of `text`, and whether there were that many. */
export function firstChars(text: string, max: number): { text: string; full: boolean } {
  if (text.length < max) return { text, full: false };
  let count = 0;
  let units = 0;
  for (const char of text) {
    if (count === max) break;
    units += char.length;
    count += 1;
  }
  return { text: text.slice(0, units), full: count === max };
}

/**
 * Never rejects. Resolves with what was read so far when the stream ends, fails, closes early or
 * `signal` aborts; destroys the stream unless it ended by itself (a fully read keep-alive
 * response leaves its socket reusable).
 */
export function readExcerpt(stream: Readable, maxChars: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const decoder = new TextDecoder('utf-8');
    let text = '';
    let settled = false;
    const finish = (destroy: boolean): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData).off('end', onEnd).off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (destroy) stream.destroy();
      resolve(text);
    };
    const onData = (chunk: Buffer | string): void => {
      text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      const cut = firstChars(text, maxChars);
      if (!cut.full) return;
      text = cut.text;
      finish(true);
    };
    const onEnd = (): void => {
      text = firstChars(text + decoder.decode(), maxChars).text;
      finish(false);
    };
    const onClose = (): void => finish(true);
    const onAbort = (): void => finish(true);
    // Errors end the excerpt (via `close`); the listener stays so a late one is never unhandled.
    stream.on('error', () => undefined);
    if (signal.aborted) return finish(true);
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData).on('end', onEnd).on('close', onClose);
  });
}
