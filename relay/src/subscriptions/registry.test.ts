import type { EventEnvelope } from '../events/envelope.js';
import type { HookRecord } from '../store/types.js';
import { eventEnvelope, hookRecord, MemoryHookStore } from './hooksTesting.js';
import { HookRegistry, type HookChange } from './registry.js';

const NOW = new Date('2026-03-03T12:00:00.000Z');

async function registryWith(records: HookRecord[]): Promise<{ registry: HookRegistry; store: MemoryHookStore }> {
  const store = new MemoryHookStore(records);
  return { registry: await HookRegistry.load(store), store };
}

describe('HookRegistry.matching', () => {
  const booking = eventEnvelope();
  const clockwork = eventEnvelope({ type: 'clockwork.invitation_sent', vendor: 'clockwork', vendor_event: 'invitation_sent' });
  const uncataloged = eventEnvelope({ type: 'clarky.invoice.paid', vendor_event: 'invoice.paid', cataloged: false });

  it.each<[string, Partial<HookRecord>, EventEnvelope, boolean]>([
    ['`*` takes any vendor', { event_types: ['*'] }, clockwork, true],
    ['`clarky.*` takes a Clarky type', { event_types: ['clarky.*'] }, booking, true],
    ['`clarky.*` takes an uncataloged Clarky type', { event_types: ['clarky.*'] }, uncataloged, true],
    ['`clarky.*` skips another vendor', { event_types: ['clarky.*'] }, clockwork, false],
    ['an exact type takes that type', { event_types: ['clarky.booking.confirmed'] }, booking, true],
    ['an exact type skips a sibling', { event_types: ['clarky.booking.cancelled'] }, booking, false],
    ['a hook for every source takes any source', { source_id: null }, booking, true],
    ['a hook for the event\'s source takes it', { source_id: 'src_a' }, booking, true],
    ['a hook for another source skips it', { source_id: 'src_b' }, booking, false],
    ['a passing filter takes it', { filter: { 'data.booking.status': 'confirmed', 'person.email': { $exists: true } } }, booking, true],
    ['a failing filter skips it', { filter: { 'data.booking.status': { $in: ['cancelled', 'no_show'] } } }, booking, false],
    ['an $or filter takes it when one branch holds', { filter: { $or: [{ 'data.booking.seats': { $gt: 5 } }, { 'person.first_name': 'Ada' }] } }, booking, true],
    ['an empty filter takes everything', { filter: {} }, booking, true],
    ['an inactive hook skips everything', { active: false }, booking, false],
    ['a stored filter that no longer compiles skips everything', { filter: { 'data.x': { $like: 'a' } } }, booking, false],
  ])('%s', async (_name, overrides, event, expected) => {
    const hook = hookRecord(overrides);
    const { registry } = await registryWith([hook]);
    expect(registry.matching(event).map((h) => h.record.id)).toEqual(expected ? [hook.id] : []);
  });

  it('answers every matching hook, oldest first', async () => {
    const older = hookRecord({ created_at: '2026-01-01T00:00:00.000Z', event_types: ['*'] });
    const newer = hookRecord({ created_at: '2026-02-01T00:00:00.000Z' });
    const other = hookRecord({ event_types: ['clockwork.*'] });
    const { registry } = await registryWith([newer, other, older]);
    expect(registry.matching(booking).map((h) => h.record.id)).toEqual([older.id, newer.id]);
  });
});

describe('HookRegistry.load', () => {
  it('compiles each filter once and keeps why a stored filter fails', async () => {
    const good = hookRecord({ filter: { 'data.a': 1 } });
    const bad = hookRecord({ filter: { 'data.a': { $like: 1 } } });
    const { registry } = await registryWith([good, bad]);
    expect(registry.get(good.id)).toMatchObject({ filter: { kind: 'field' }, filterError: null });
    expect(registry.get(bad.id)).toMatchObject({ filter: null, filterError: expect.stringMatching(/\$like/) });
    expect(registry.all()).toHaveLength(2);
  });
});

describe('HookRegistry writes', () => {
  it('creates, updates and deletes through the store, telling listeners after each', async () => {
    const { registry, store } = await registryWith([]);
    const changes: HookChange[] = [];
    registry.onChange((change) => changes.push(change));
    const hook = hookRecord();
    await registry.create(hook);
    const updated = await registry.update(hook.id, { filter: { 'data.booking.status': 'confirmed' } }, NOW);
    expect(updated?.filter).toMatchObject({ kind: 'field' });
    expect(updated?.record.updated_at).toBe(NOW.toISOString());
    expect(await registry.delete(hook.id)).toBe(true);
    expect(store.writes).toEqual([`create:${hook.id}`, `update:${hook.id}`, `delete:${hook.id}`]);
    expect(changes.map((c) => [c.kind, c.id, c.record?.updated_at ?? null])).toEqual([
      ['created', hook.id, hook.updated_at],
      ['updated', hook.id, NOW.toISOString()],
      ['deleted', hook.id, null],
    ]);
    expect(registry.get(hook.id)).toBeUndefined();
  });

  it('leaves the cache untouched when the store refuses a write', async () => {
    const hook = hookRecord();
    const { registry, store } = await registryWith([hook]);
    const changes: HookChange[] = [];
    registry.onChange((change) => changes.push(change));
    store.failNext = new Error('disk full');
    await expect(registry.update(hook.id, { active: false }, NOW)).rejects.toThrow('disk full');
    store.failNext = new Error('disk full');
    await expect(registry.create(hookRecord())).rejects.toThrow('disk full');
    expect(registry.get(hook.id)?.record.active).toBe(true);
    expect(registry.all()).toHaveLength(1);
    expect(changes).toEqual([]);
    expect((await registry.update(hook.id, { active: false }, NOW))?.record.active).toBe(false);
  });

  it('does not show a write in the cache before the store has saved it', async () => {
    const hook = hookRecord();
    const { registry, store } = await registryWith([hook]);
    store.delayMs = 20;
    const pending = registry.update(hook.id, { name: 'Later' }, NOW);
    expect(registry.get(hook.id)?.record.name).toBeNull();
    await pending;
    expect(registry.get(hook.id)?.record.name).toBe('Later');
  });

  it('applies overlapping writes in call order', async () => {
    const hook = hookRecord();
    const { registry, store } = await registryWith([hook]);
    // Slowest first: unserialized, the last call would land first and the first would win.
    store.delays = [30, 10, 0];
    await Promise.all([
      registry.update(hook.id, { name: 'first' }, NOW),
      registry.disable(hook.id, 'failing', NOW),
      registry.update(hook.id, { name: 'third' }, NOW),
    ]);
    expect(registry.get(hook.id)?.record).toMatchObject({ name: 'third', active: false, disabled_reason: 'failing' });
    expect(store.maxInFlight).toBe(1);
  });

  it('disable switches a hook off with the reason and time', async () => {
    const hook = hookRecord();
    const { registry } = await registryWith([hook]);
    const disabled = await registry.disable(hook.id, '20 failed deliveries in a row', NOW);
    expect(disabled?.record).toMatchObject({ active: false, disabled_reason: '20 failed deliveries in a row', disabled_at: NOW.toISOString() });
    expect(registry.matching(eventEnvelope())).toEqual([]);
  });

  it('answers undefined and false for a hook it does not have', async () => {
    const { registry } = await registryWith([]);
    expect(await registry.update('hook_none', { name: 'x' }, NOW)).toBeUndefined();
    expect(await registry.disable('hook_none', 'x', NOW)).toBeUndefined();
    expect(await registry.delete('hook_none')).toBe(false);
  });

  it('stops telling a listener once it unsubscribes, and survives one that throws', async () => {
    const errors: unknown[] = [];
    const heard: string[] = [];
    const registry = await HookRegistry.load(new MemoryHookStore(), { onListenerError: (error) => errors.push(error) });
    registry.onChange(() => {
      throw new Error('listener bug');
    });
    const stop = registry.onChange((change) => heard.push(change.kind));
    await registry.create(hookRecord());
    stop();
    await registry.create(hookRecord());
    expect(heard).toEqual(['created']);
    expect(errors).toHaveLength(2);
    expect(registry.all()).toHaveLength(2);
  });
});

describe('HookRegistry.subscribe', () => {
  it('creates the first time and answers the same hook for the same subscription', async () => {
    const { registry, store } = await registryWith([]);
    const first = await registry.subscribe(hookRecord({ event_types: ['clarky.*'] }));
    const again = await registry.subscribe(hookRecord({ event_types: ['clarky.booking.created', 'clarky.*'] }));
    expect(first.created).toBe(true);
    expect(again).toEqual({ hook: first.hook, created: false });
    expect(store.writes).toHaveLength(1);
  });

  it('creates one hook for two racing identical calls', async () => {
    const { registry, store } = await registryWith([]);
    store.delayMs = 10;
    const results = await Promise.all([registry.subscribe(hookRecord()), registry.subscribe(hookRecord())]);
    expect(results.map((r) => r.created)).toEqual([true, false]);
    expect(registry.all()).toHaveLength(1);
  });

  it.each<[string, Partial<HookRecord>]>([
    ['another target URL', { target_url: 'https://n8n.example.com/webhook/other' }],
    ['another event set', { event_types: ['clarky.booking.created'] }],
    ['another source', { source_id: 'src_b' }],
  ])('creates a new hook for %s', async (_name, change) => {
    const existing = hookRecord();
    const { registry } = await registryWith([existing]);
    expect((await registry.subscribe(hookRecord(change))).created).toBe(true);
  });

  it('does not reuse a hook the relay switched off, but does reuse one an operator paused', async () => {
    const failing = hookRecord({ active: false, disabled_reason: 'failing', disabled_at: NOW.toISOString() });
    const paused = hookRecord({ active: false, target_url: 'https://paused.example.com/' });
    const { registry } = await registryWith([failing, paused]);
    expect((await registry.subscribe(hookRecord())).created).toBe(true);
    expect(await registry.subscribe(hookRecord({ target_url: 'https://paused.example.com/' }))).toMatchObject({ created: false, hook: { record: { id: paused.id } } });
  });
});

describe('HookRegistry.refresh (changes saved by another process)', () => {
  // Two registries over one store stand for two relay processes sharing a database.
  async function twoProcesses(records: HookRecord[]): Promise<{ here: HookRegistry; there: HookRegistry; heard: HookChange[] }> {
    const store = new MemoryHookStore(records);
    const here = await HookRegistry.load(store);
    const there = await HookRegistry.load(store);
    const heard: HookChange[] = [];
    there.onChange((change) => heard.push(change));
    return { here, there, heard };
  }

  it('picks up a hook created elsewhere, as a remote change', async () => {
    const { here, there, heard } = await twoProcesses([]);
    const hook = hookRecord({ id: 'hk_new' });
    await here.create(hook);
    expect(there.get('hk_new')).toBeUndefined();
    await there.refresh('hk_new');
    expect(there.get('hk_new')?.record).toEqual(hook);
    expect(heard).toEqual([{ kind: 'created', id: 'hk_new', record: hook, remote: true }]);
  });

  it('picks up an update (a new target URL) and a deletion made elsewhere', async () => {
    const hook = hookRecord({ id: 'hk_1' });
    const { here, there, heard } = await twoProcesses([hook]);
    await here.update('hk_1', { target_url: 'https://moved.example.com/in' }, NOW);
    await there.refresh('hk_1');
    expect(there.get('hk_1')?.record.target_url).toBe('https://moved.example.com/in');
    await here.delete('hk_1');
    await there.refresh('hk_1');
    expect(there.get('hk_1')).toBeUndefined();
    expect(heard.map((c) => [c.kind, c.remote])).toEqual([['updated', true], ['deleted', true]]);
  });

  it('reloads everything when no id is given, and says nothing when nothing changed', async () => {
    const kept = hookRecord({ id: 'hk_kept' });
    const gone = hookRecord({ id: 'hk_gone' });
    const { here, there, heard } = await twoProcesses([kept, gone]);
    await here.delete('hk_gone');
    await here.create(hookRecord({ id: 'hk_added' }));
    await there.refresh();
    expect(there.all().map((h) => h.record.id).sort()).toEqual(['hk_added', 'hk_kept']);
    expect(heard.map((c) => `${c.kind}:${c.id}`).sort()).toEqual(['created:hk_added', 'deleted:hk_gone']);
    heard.length = 0;
    await there.refresh();
    expect(heard).toEqual([]);
  });

  it('local changes are not marked remote (only those are announced to other processes)', async () => {
    const { here } = await twoProcesses([]);
    const heard: HookChange[] = [];
    here.onChange((change) => heard.push(change));
    await here.create(hookRecord({ id: 'hk_local' }));
    expect(heard[0]?.remote).toBeUndefined();
  });
});
