/**
 * Structured JSON logs (pino). Secrets never reach a log line: auth headers are not
 * serialized at all, and the token segment of `/in/:sourceId/:token` is masked.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'switchboard-relay' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['token', 'apiKey', 'secret', 'password', '*.token', '*.secret', '*.password', 'headers.authorization', 'headers.authtoken'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** `/in/src_x/abc123?x=1` → `/in/src_x/***?x=1`; other paths unchanged. */
export function maskIngestPath(url: string): string {
  return url.replace(/^(\/in\/[^/?#]+\/)[^/?#]+/, '$1***');
}
