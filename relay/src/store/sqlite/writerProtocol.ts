import type { StoreLimits } from '../types.js';
import type { GroupCommitStats } from './groupCommit.js';
import type { WriteCalls } from './writes.js';

/** What the writer thread gets at start (`workerData`). */
export interface WriterStart {
  file: string;
  limits: StoreLimits;
  pruneChunk?: number;
}

/** A request to the writer thread: one of the group-committed writes, a prune, or close. */
export type WriterRequest =
  | { [K in keyof WriteCalls]: { id: number; op: K; arg: WriteCalls[K]['arg'] } }[keyof WriteCalls]
  | { id: number; op: 'prune'; arg: { nowMs: number } }
  | { id: number; op: 'close'; arg: Record<string, never> };

export interface WriterError {
  name: string;
  message: string;
  code?: string;
}

/**
 * Replies come in arrays, one message per committed batch (a message costs more than a reply).
 * The first message after start is `[{ id: 0, ready: true }]` or `[{ id: 0, error }]`.
 */
export type WriterReply =
  | { id: number; value: unknown }
  | { id: number; error: WriterError }
  | { id: number; ready: true }
  | { stats: GroupCommitStats };
