import { makeHook, makeSource } from '../deliveryTesting.js';
import type { ApiKeyRecord, HookPatch, SourcePatch } from '../types.js';
import { storeKinds, useTestStore } from './harness.js';

const LATER = new Date('2026-03-05T00:00:00.000Z');

const source = makeSource;

const apiKey: ApiKeyRecord = { id: 'key_1', hash: 'b'.repeat(64), hint: 'wxyz', label: 'generated', created_at: '2026-03-01T00:00:00.000Z' };

describe.each(storeKinds())('%s store: sources and API keys', (kind) => {
  const t = useTestStore(kind);

  it('keeps created, updated and deleted sources and added keys across a reopen', async () => {
    const { store } = t();
    await store.createSource(source('src_1'));
    await store.createSource(source('src_2'));
    await store.updateSource('src_1', { name: 'Renamed', description: 'desk' }, new Date('2026-03-02T00:00:00.000Z'));
    await store.deleteSource('src_2');
    await store.addApiKey(apiKey);

    const reopened = await t().reopen();
    expect(await reopened.listSources()).toEqual([
      source('src_1', { name: 'Renamed', description: 'desk', updated_at: '2026-03-02T00:00:00.000Z' }),
    ]);
    expect(await reopened.listApiKeys()).toEqual([apiKey]);
  });

  it('keeps all of 40 concurrent creates', async () => {
    const { store } = t();
    const ids = Array.from({ length: 40 }, (_, i) => `src_${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => store.createSource(source(id))));
    const listed = (await (await t().reopen()).listSources()).map((s) => s.id);
    expect(new Set(listed)).toEqual(new Set(ids));
    expect(listed).toHaveLength(40);
  });

  it('lists sources in creation order', async () => {
    const { store } = t();
    for (const id of ['src_c', 'src_a', 'src_b']) await store.createSource(source(id));
    expect((await store.listSources()).map((s) => s.id)).toEqual(['src_c', 'src_a', 'src_b']);
  });

  it('refuses to create a source whose id exists, keeping the first', async () => {
    const { store } = t();
    await store.createSource(source('src_1'));
    await expect(store.createSource(source('src_1', { name: 'Other' }))).rejects.toThrow(/src_1.*already exists/);
    expect((await store.getSource('src_1'))?.name).toBe('Source src_1');
  });

  it('refuses to add an API key whose id exists', async () => {
    const { store } = t();
    await store.addApiKey(apiKey);
    await expect(store.addApiKey(apiKey)).rejects.toThrow(/key_1.*already exists/);
  });

  it('answers null and false for a source that does not exist', async () => {
    const { store } = t();
    expect(await store.getSource('src_none')).toBeNull();
    expect(await store.updateSource('src_none', { name: 'x' }, LATER)).toBeNull();
    expect(await store.deleteSource('src_none')).toBe(false);
  });

  it('applies only patchable source fields and sets updated_at', async () => {
    const { store } = t();
    await store.createSource(source('src_1'));
    const sneaky = { active: false, id: 'src_other', created_at: 'never' } as SourcePatch;
    const updated = await store.updateSource('src_1', sneaky, LATER);
    expect(updated).toEqual(source('src_1', { active: false, updated_at: LATER.toISOString() }));
    expect(await store.getSource('src_1')).toEqual(updated);
  });

  it('applies a token rotation, previous token and its expiry included, and clears it with null', async () => {
    const { store } = t();
    await store.createSource(source('src_1'));
    const rotation: SourcePatch = {
      token_hash: 'c'.repeat(64),
      token_hint: 'wxyz',
      previous_token_hash: 'a'.repeat(64),
      previous_token_expires_at: '2026-03-06T00:00:00.000Z',
    };
    expect(await store.updateSource('src_1', rotation, LATER)).toEqual(source('src_1', { ...rotation, updated_at: LATER.toISOString() }));
    const cleared = await store.updateSource('src_1', { previous_token_hash: null, previous_token_expires_at: null }, LATER);
    expect(cleared).toMatchObject({ previous_token_hash: null, previous_token_expires_at: null, token_hint: 'wxyz' });
  });

  it('returns copies that cannot change the stored records', async () => {
    const { store } = t();
    const created = await store.createSource(source('src_1'));
    created.name = 'mutated';
    const listed = await store.listSources();
    listed[0]!.name = 'mutated too';
    (await store.listApiKeys()).push(apiKey);
    expect((await store.getSource('src_1'))?.name).toBe('Source src_1');
    expect(await store.listApiKeys()).toEqual([]);
  });
});

describe.each(storeKinds())('%s store: hooks', (kind) => {
  const t = useTestStore(kind);

  it('keeps created, updated and deleted hooks across a reopen', async () => {
    const { store } = t();
    await store.createHook(makeHook('hook_1'));
    await store.createHook(makeHook('hook_2'));
    await store.updateHook('hook_1', { active: false, disabled_reason: 'too many failures', disabled_at: LATER.toISOString() }, LATER);
    expect(await store.deleteHook('hook_2')).toBe(true);
    expect(await store.deleteHook('hook_2')).toBe(false);

    const reopened = await t().reopen();
    expect(await reopened.listHooks()).toEqual([
      makeHook('hook_1', {
        active: false,
        disabled_reason: 'too many failures',
        disabled_at: LATER.toISOString(),
        updated_at: LATER.toISOString(),
      }),
    ]);
  });

  it('keeps all of 30 concurrent creates', async () => {
    const { store } = t();
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.createHook(makeHook(`hook_${i}`))));
    expect(await (await t().reopen()).listHooks()).toHaveLength(30);
  });

  it('round-trips every field: auth, patterns, schedule, filter (key order kept), template', async () => {
    const { store } = t();
    const hook = makeHook('hook_1', {
      event_types: ['clarky.*', 'clockwork.invitation_sent'],
      source_id: 'src_a',
      description: 'Front desk bookings',
      http_method: 'PATCH',
      auth: { type: 'basic', username: 'user', password: 'p@ss' },
      retry_enabled: false,
      retry_attempts: 5,
      retry_schedule: [1, 30, 86400],
      filter: { 'person.email': { $exists: true }, $or: [{ 'data.n': { $gt: 2 } }, { type: 'x' }], 'data.a': 1 },
      payload_template: '{"text": "{{person.first_name}} booked"}',
    });
    await store.createHook(hook);
    const stored = await store.getHook('hook_1');
    expect(stored).toEqual(hook);
    expect(Object.keys(stored?.filter ?? {})).toEqual(['person.email', '$or', 'data.a']);
  });

  it('refuses to create a hook whose id exists, keeping the first', async () => {
    const { store } = t();
    await store.createHook(makeHook('hook_1'));
    await expect(store.createHook(makeHook('hook_1', { target_url: 'https://other.example.com' }))).rejects.toThrow(
      /hook_1.*already exists/,
    );
    expect((await store.getHook('hook_1'))?.target_url).toBe('https://hooks.example.com/in');
  });

  it('answers null and false for a hook that does not exist', async () => {
    const { store } = t();
    expect(await store.getHook('hook_none')).toBeNull();
    expect(await store.updateHook('hook_none', { active: false }, LATER)).toBeNull();
    expect(await store.deleteHook('hook_none')).toBe(false);
  });

  it('applies only patchable fields, null included, and sets updated_at', async () => {
    const { store } = t();
    await store.createHook(makeHook('hook_1', { source_id: 'src_a' }));
    const sneaky = { source_id: null, retry_schedule: [5, 10], filter: null, id: 'hook_other', secret: 'whsec_new', created_at: 'never' };
    const updated = await store.updateHook('hook_1', sneaky as HookPatch, LATER);
    const expected = makeHook('hook_1', { source_id: null, retry_schedule: [5, 10], filter: null, updated_at: LATER.toISOString() });
    expect(updated).toEqual(expected);
    expect(await store.getHook('hook_1')).toEqual(expected);
  });

  it('leaves fields the patch does not mention as they were', async () => {
    const { store } = t();
    await store.createHook(makeHook('hook_1'));
    const updated = await store.updateHook('hook_1', { name: 'Renamed', description: undefined }, LATER);
    expect(updated).toEqual(makeHook('hook_1', { name: 'Renamed', updated_at: LATER.toISOString() }));
  });

  it('returns copies, nested objects included, that cannot change the stored hooks', async () => {
    const { store } = t();
    const created = await store.createHook(makeHook('hook_1'));
    created.event_types.push('*');
    const listed = await store.listHooks();
    listed[0]!.auth = { type: 'none' };
    const patch: HookPatch = { filter: { 'data.n': 1 } };
    const updated = await store.updateHook('hook_1', patch, LATER);
    (patch.filter as Record<string, unknown>)['data.n'] = 2;
    (updated?.filter as Record<string, unknown>)['data.m'] = 3;
    const stored = await store.getHook('hook_1');
    expect(stored?.event_types).toEqual(['clarky.*']);
    expect(stored?.auth).toEqual({ type: 'bearer', token: 'secret-token' });
    expect(stored?.filter).toEqual({ 'data.n': 1 });
  });
});
