/**
 * A config mutation whose write fails is refused, and a refused mutation exists nowhere
 * afterwards: not in what the store reads back, not in the file, not in the next write that
 * succeeds, not after a reopen. (Before the copy-on-write store, memory was changed first, so
 * the next successful write saved the refused change.)
 */
import path from 'node:path';
import { makeHook } from '../deliveryTesting.js';
import { makeTempDir } from '../storeTesting.js';
import { isStorageUnavailable } from '../unavailable.js';
import { contents, FailingFile, fileText, LATER, MUTATIONS, openAt, reopen, seed, source } from './refusedWriteTesting.js';

describe('LowConfigStore after a refused write', () => {
  let file: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    file = path.join(temp.dir, 'config.json');
  });
  afterEach(() => cleanup());

  it.each(MUTATIONS)('%s: leaves memory, the file and the next write as they were', async (_name, mutate) => {
    const adapter = new FailingFile(file);
    const store = await openAt(adapter);
    await seed(store);
    const before = await contents(store);
    const textBefore = await fileText(file);

    adapter.always = true;
    const refusal = await mutate(store).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ code: 'ENOSPC' });
    expect(isStorageUnavailable(refusal)).toBe(true);
    expect(await contents(store)).toEqual(before);
    expect(await fileText(file)).toBe(textBefore);

    adapter.always = false;
    await store.updateSource('src_2', { name: 'Unrelated' }, LATER);
    const after = { ...before, sources: before.sources.map((s) => (s.id === 'src_2' ? { ...s, name: 'Unrelated', updated_at: LATER.toISOString() } : s)) };
    expect(await contents(store)).toEqual(after);
    expect(await contents(await reopen(file))).toEqual(after);
  });

  it('refuses every change of a batch whose write fails, keeps the batch before it and serves the one after', async () => {
    const adapter = new FailingFile(file);
    const store = await openAt(adapter);
    adapter.failing.add(2);
    // The first create starts a write at once; the next two wait for it and share the second write.
    const first = store.createHook(makeHook('hook_a'));
    const second = store.createHook(makeHook('hook_b'));
    const third = store.deleteHook('hook_a');
    await expect(first).resolves.toMatchObject({ id: 'hook_a' });
    await expect(second).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(third).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(adapter.writes).toBe(2);
    expect((await store.listHooks()).map((hook) => hook.id)).toEqual(['hook_a']);

    await store.createHook(makeHook('hook_c'));
    expect((await (await reopen(file)).listHooks()).map((hook) => hook.id)).toEqual(['hook_a', 'hook_c']);
  });

  it('refuses only the change that throws, not the others written with it', async () => {
    const adapter = new FailingFile(file);
    const store = await openAt(adapter);
    await store.createSource(source('src_1'));
    const results = await Promise.allSettled([
      store.createSource(source('src_2')),
      store.createSource(source('src_1')),
      store.createSource(source('src_3')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { message: 'Source "src_1" already exists' } });
    expect((await (await reopen(file)).listSources()).map((s) => s.id)).toEqual(['src_1', 'src_2', 'src_3']);
  });

  it('rewrites the file after a refused write even when the next change is a no-op, in case the refused text reached it', async () => {
    const adapter = new FailingFile(file);
    const store = await openAt(adapter);
    await seed(store);
    adapter.always = true;
    await expect(store.createHook(makeHook('hook_refused'))).rejects.toMatchObject({ code: 'ENOSPC' });
    adapter.always = false;
    const writes = adapter.writes;
    await expect(store.deleteHook('no_such_hook')).resolves.toBe(false);
    expect(adapter.writes).toBe(writes + 1);
    await expect(store.deleteHook('no_such_hook')).resolves.toBe(false);
    expect(adapter.writes).toBe(writes + 1);
  });

  it('never lets a caller change the stored records through what it passed in or got back', async () => {
    const store = await openAt(new FailingFile(file));
    const record = source('src_1');
    const saved = await store.createSource(record);
    record.name = 'changed by the caller';
    saved.name = 'changed through the answer';
    (await store.listSources())[0]!.name = 'changed through a list';
    expect((await store.getSource('src_1'))?.name).toBe('Source src_1');
  });
});
