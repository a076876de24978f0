/**
 * The refused-write contract on a real full disk: the config file on a size-limited tmpfs filled
 * to the last byte. Every mutation fails with ENOSPC (answered 503 by the API), and none of them
 * is in memory, in the file, in the next successful write or after a reopen. Needs root to mount;
 * skipped with a notice otherwise (the injected failures of refusedWrites.test.ts still run).
 */
import path from 'node:path';
import { mountTinyFs, type TinyFs } from '../fullDiskTesting.js';
import { isStorageUnavailable } from '../unavailable.js';
import { contents, fileText, LATER, MUTATIONS, reopen, seed } from './refusedWriteTesting.js';

describe('LowConfigStore on a full disk', () => {
  let disk: TinyFs | null;
  beforeAll(async () => {
    disk = await mountTinyFs('1m', 'LowConfigStore on a full disk');
  });
  afterAll(async () => {
    await disk?.unmount();
  });

  it('refuses every mutation with ENOSPC and keeps none of them, then works again once space is back', async () => {
    if (!disk) return;
    const file = path.join(disk.dir, 'config.json');
    const store = await reopen(file);
    await seed(store);
    const before = await contents(store);
    const textBefore = await fileText(file);

    await disk.fill();
    for (const [name, mutate] of MUTATIONS) {
      const refusal = await mutate(store).then(
        () => new Error(`${name} was accepted on a full disk`),
        (error: unknown) => error,
      );
      expect({ name, refusal }).toMatchObject({ name, refusal: { code: 'ENOSPC' } });
      expect(isStorageUnavailable(refusal)).toBe(true);
      expect(await contents(store)).toEqual(before);
    }
    expect(await fileText(file)).toBe(textBefore);
    expect(await contents(await reopen(file))).toEqual(before);

    await disk.free();
    await store.updateHook('hook_2', { name: 'Unrelated' }, LATER);
    const after = { ...before, hooks: before.hooks.map((h) => (h.id === 'hook_2' ? { ...h, name: 'Unrelated', updated_at: LATER.toISOString() } : h)) };
    expect(await contents(store)).toEqual(after);
    expect(await contents(await reopen(file))).toEqual(after);
  });
});
