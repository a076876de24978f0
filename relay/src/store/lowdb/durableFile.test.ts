import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { makeTempDir } from '../storeTesting.js';
import { DurableJsonFile } from './durableFile.js';

interface Doc {
  items: number[];
}

function parseDoc(value: unknown): Doc {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { items?: unknown }).items)) {
    throw new Error('expected `items` to be an array');
  }
  return value as Doc;
}

describe('DurableJsonFile', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    file = path.join(dir, 'config.json');
  });
  afterEach(() => cleanup());

  it('reads null when the file does not exist yet', async () => {
    await expect(new DurableJsonFile(file, { parse: parseDoc }).read()).resolves.toBeNull();
  });

  it('reads back what it wrote', async () => {
    await new DurableJsonFile(file, { parse: parseDoc }).write({ items: [1, 2, 3] });
    await expect(new DurableJsonFile(file, { parse: parseDoc }).read()).resolves.toEqual({ items: [1, 2, 3] });
  });

  it('creates the file with mode 0600 and leaves no temp file behind', async () => {
    await new DurableJsonFile(file, { parse: parseDoc }).write({ items: [] });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await expect(stat(path.join(dir, '.config.json.tmp'))).rejects.toThrow(/ENOENT/);
  });

  it('keeps every one of 50 concurrent mutations, each on disk before its write resolves', async () => {
    const adapter = new DurableJsonFile(file, { parse: parseDoc });
    const db = new Low<Doc>(adapter, { items: [] });
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        for (let turn = 0; turn < i % 7; turn += 1) await new Promise((resolve) => setImmediate(resolve));
        db.data.items.push(i);
        await db.write();
        const onDisk = parseDoc(JSON.parse(await readFile(file, 'utf8')));
        expect(onDisk.items).toContain(i);
      }),
    );
    expect(adapter.stats().writes).toBeLessThan(50);
    const reopened = new Low<Doc>(new DurableJsonFile(file, { parse: parseDoc }), { items: [] });
    await reopened.read();
    expect([...reopened.data.items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('refuses a file that is not JSON, naming the file and the way out', async () => {
    await writeFile(file, '{"items": [1, 2');
    const read = new DurableJsonFile(file, { parse: parseDoc }).read();
    await expect(read).rejects.toThrow(file);
    await expect(read).rejects.toThrow(/not valid JSON.*backup.*move it away/s);
  });

  it('refuses JSON of the wrong shape with the parser reason, instead of resetting it', async () => {
    await writeFile(file, '{"things": []}');
    await expect(new DurableJsonFile(file, { parse: parseDoc }).read()).rejects.toThrow(
      /config\.json: expected `items` to be an array.*backup/s,
    );
    expect(await readFile(file, 'utf8')).toBe('{"things": []}');
  });

  it('rejects the writes of a failed attempt and serves later ones once the cause is gone', async () => {
    const sub = path.join(dir, 'later');
    const adapter = new DurableJsonFile(path.join(sub, 'config.json'), { parse: parseDoc });
    await expect(Promise.all([adapter.write({ items: [1] }), adapter.write({ items: [1] })])).rejects.toThrow(/ENOENT/);
    await mkdir(sub);
    await adapter.write({ items: [2] });
    await expect(adapter.read()).resolves.toEqual({ items: [2] });
  });
});
