import { Slots } from './slots.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Slots', () => {
  it('hands out up to its size at once', async () => {
    const slots = new Slots(2);
    await slots.acquire();
    await slots.acquire();
    expect(slots.taken).toBe(2);
  });

  it('makes the next caller wait until a slot is given back, first come first served', async () => {
    const slots = new Slots(1);
    const release = await slots.acquire();
    const order: string[] = [];
    void slots.acquire().then(() => order.push('first'));
    void slots.acquire().then(() => order.push('second'));
    await tick();
    expect(order).toEqual([]);
    release();
    await tick();
    expect(order).toEqual(['first']);
    expect(slots.taken).toBe(1);
  });

  it('gives a slot back once however often its release is called', async () => {
    const slots = new Slots(1);
    const release = await slots.acquire();
    release();
    release();
    expect(slots.taken).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses size %s', (size) => {
    expect(() => new Slots(size)).toThrow(`Expected \`size\` to be an integer >= 1, got ${size}`);
  });
});
