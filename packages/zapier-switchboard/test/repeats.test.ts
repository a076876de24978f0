/**
 * `isRepeat` against a stand-in for Zapier's cache that honours `ttl` and `nx` as Zapier's does
 * (core's appTester mock ignores both): the key, the time an id is kept, and "set if absent".
 */
import { createHash } from 'node:crypto';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { isRepeat } from '../src/triggers/repeats';

interface SetCall {
  key: string;
  ttl: number | undefined;
  nx: boolean | undefined;
}

function fakeZ(options: { throttled?: boolean } = {}) {
  const store = new Map<string, unknown>();
  const sets: SetCall[] = [];
  const z = {
    hash: (algorithm: string, data: string) => createHash(algorithm).update(data).digest('hex'),
    console: { log: () => undefined },
    cache: {
      get: async (key: string) => store.get(key) ?? null,
      set: async (key: string, value: unknown, ttl?: number, _scope?: string[], nx?: boolean) => {
        sets.push({ key, ttl, nx });
        if (options.throttled) return null;
        if (nx === true && store.has(key)) return false;
        store.set(key, value);
        return true;
      },
      delete: async (key: string) => store.delete(key),
    },
  };
  return { z: z as unknown as ZObject, sets };
}

const bundle = (relayUrl = 'https://relay.example.test') => ({ authData: { relay_url: relayUrl } }) as unknown as Bundle;
const NOW = new Date('2026-03-03T15:00:00Z');
const NOW_S = NOW.getTime() / 1000;

test('claims a first delivery with "set if absent", keyed by a hash, kept 5 minutes', async () => {
  const { z, sets } = fakeZ();

  expect(await isRepeat(z, bundle(), 'hook_1', { id: 'evt_1', timestamp: NOW_S }, NOW)).toBe(false);
  expect(sets).toEqual([{ key: expect.stringMatching(/^switchboard:delivery:v1:[0-9a-f]{64}$/), ttl: 300, nx: true }]);
});

test('keeps an id signed ahead of the clock until 5 minutes past its timestamp', async () => {
  const { z, sets } = fakeZ();
  await isRepeat(z, bundle(), 'hook_1', { id: 'evt_1', timestamp: NOW_S + 120 }, NOW);
  await isRepeat(z, bundle(), 'hook_1', { id: 'evt_2', timestamp: NOW_S - 120 }, NOW);

  expect(sets.map((s) => s.ttl)).toEqual([420, 300]);
});

test('a repeat renews the 5 minutes', async () => {
  const { z, sets } = fakeZ();
  await isRepeat(z, bundle(), 'hook_1', { id: 'evt_1', timestamp: NOW_S }, NOW);

  expect(await isRepeat(z, bundle(), 'hook_1', { id: 'evt_1', timestamp: NOW_S }, NOW)).toBe(true);
  expect(sets[1]).toEqual({ key: sets[0]?.key, ttl: 300, nx: undefined });
});

test('of two concurrent first deliveries of one id, exactly one runs', async () => {
  const { z } = fakeZ();
  const verified = { id: 'evt_1', timestamp: NOW_S };

  const results = await Promise.all([isRepeat(z, bundle(), 'hook_1', verified, NOW), isRepeat(z, bundle(), 'hook_1', verified, NOW)]);

  expect(results.sort()).toEqual([false, true]);
});

test('the same hook id and event id at another relay is not a repeat', async () => {
  const { z } = fakeZ();
  await isRepeat(z, bundle('https://relay-a.example.test'), 'hook_1', { id: 'evt_1', timestamp: NOW_S }, NOW);

  expect(await isRepeat(z, bundle('https://relay-b.example.test'), 'hook_1', { id: 'evt_1', timestamp: NOW_S }, NOW)).toBe(false);
});

test('a throttled cache (set answers null) lets the Zap run', async () => {
  const { z } = fakeZ({ throttled: true });
  const verified = { id: 'evt_1', timestamp: NOW_S };
  await isRepeat(z, bundle(), 'hook_1', verified, NOW);

  expect(await isRepeat(z, bundle(), 'hook_1', verified, NOW)).toBe(false);
});
