import { Readable } from 'node:stream';
import { firstChars, readExcerpt } from './excerpt.js';

function chunks(...parts: (string | number[])[]): Readable {
  return Readable.from(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
}

const live = (): AbortSignal => new AbortController().signal;

describe('firstChars', () => {
  it.each<[string, string, number, { text: string; full: boolean }]>([
    ['keeps a shorter text whole', 'abc', 5, { text: 'abc', full: false }],
    ['cuts a longer text', 'abcdef', 3, { text: 'abc', full: true }],
    ['reports an exact fit as full', 'abc', 3, { text: 'abc', full: true }],
    ['counts a surrogate pair as one character', '😀😀😀', 2, { text: '😀😀', full: true }],
    ['never splits a surrogate pair', 'a😀', 2, { text: 'a😀', full: true }],
    ['is not full when pairs make the text look long', '😀😀', 3, { text: '😀😀', full: false }],
  ])('%s', (_name, text, max, expected) => {
    expect(firstChars(text, max)).toEqual(expected);
  });
});

describe('readExcerpt', () => {
  it('reads a short body to its end', async () => {
    await expect(readExcerpt(chunks('hello ', 'world'), 100, live())).resolves.toBe('hello world');
  });

  it('decodes a character split across chunks', async () => {
    const euro = [...Buffer.from('€', 'utf8')];
    await expect(readExcerpt(chunks([0x61, ...euro.slice(0, 1)], euro.slice(1), 'b'), 100, live())).resolves.toBe('a€b');
  });

  it('replaces invalid and truncated UTF-8', async () => {
    await expect(readExcerpt(chunks([0x61, 0xff], [0xe2, 0x82]), 100, live())).resolves.toBe('a\uFFFD\uFFFD');
  });

  it('stops an endless stream after maxChars and destroys it', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push('z'.repeat(100));
      },
    });
    await expect(readExcerpt(endless, 250, live())).resolves.toBe('z'.repeat(250));
    expect(endless.destroyed).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  it('resolves with what arrived when the signal aborts', async () => {
    const controller = new AbortController();
    const stalled = new Readable({ read: () => undefined });
    stalled.push('so far');
    const excerpt = readExcerpt(stalled, 100, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(excerpt).resolves.toBe('so far');
    expect(stalled.destroyed).toBe(true);
  });

  it('resolves with what arrived when the stream fails', async () => {
    const failing = new Readable({ read: () => undefined });
    failing.push('before');
    setTimeout(() => failing.destroy(new Error('ECONNRESET')), 20);
    await expect(readExcerpt(failing, 100, live())).resolves.toBe('before');
  });

  it('resolves empty without reading when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const stream = chunks('unread');
    await expect(readExcerpt(stream, 100, controller.signal)).resolves.toBe('');
    expect(stream.destroyed).toBe(true);
  });
});
