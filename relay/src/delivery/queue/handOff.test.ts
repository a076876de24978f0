import { EnqueueRefusedError, HandOff } from './handOff.js';

/** A send that Redis never answers until told to (a hung or paused server). */
function stalledSend(): { send: (items: number[]) => Promise<void>; sent: number[][]; answer: () => void } {
  const sent: number[][] = [];
  const answers: (() => void)[] = [];
  return {
    sent,
    send: (items) => {
      sent.push(items);
      return new Promise<void>((resolve) => answers.push(resolve));
    },
    answer: () => answers.splice(0).forEach((resolve) => resolve()),
  };
}

const connected = (): null => null;

describe('HandOff', () => {
  it('sends the items pushed in one turn of the event loop together, and resolves each caller once Redis answers', async () => {
    const sent: number[][] = [];
    const handOff = new HandOff<number>(async (items) => void sent.push(items), connected);
    await Promise.all([handOff.push([1, 2]), handOff.push([3])]);
    expect(sent).toEqual([[1, 2, 3]]);
    expect(handOff.unanswered()).toBe(0);
  });

  it('refuses at once while Redis is not connected, sending nothing', async () => {
    const sent: number[][] = [];
    const handOff = new HandOff<number>(async (items) => void sent.push(items), () => 'connection reconnecting');
    await expect(handOff.push([1])).rejects.toThrow(new EnqueueRefusedError('Redis is not connected (connection reconnecting); the deliveries are left to the sweeper.'));
    expect(sent).toEqual([]);
  });

  it('stops waiting after waitMs when Redis does not answer, yet counts the items until it does', async () => {
    const redis = stalledSend();
    const handOff = new HandOff<number>(redis.send, connected, { waitMs: 50 });
    const started = Date.now();
    await expect(handOff.push([1, 2])).rejects.toThrow(/did not take 2 delivery jobs within 50 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(handOff.unanswered()).toBe(2);
    redis.answer();
    await new Promise((resolve) => setImmediate(resolve));
    expect(handOff.unanswered()).toBe(0);
  });

  it('refuses at once past maxUnanswered, so a hung Redis cannot make callers or memory pile up', async () => {
    const redis = stalledSend();
    const handOff = new HandOff<number>(redis.send, connected, { waitMs: 60_000, maxUnanswered: 3 });
    const waiting = handOff.push([1, 2, 3]);
    await expect(handOff.push([4])).rejects.toThrow('3 delivery jobs are already waiting for Redis to answer (the limit is 3); these 1 are left to the sweeper.');
    await new Promise((resolve) => setImmediate(resolve)); // the batch has gone out
    redis.answer();
    await waiting;
    await expect(Promise.race([handOff.push([5]), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 20))])).resolves.toBe('still waiting');
    expect(redis.sent).toEqual([[1, 2, 3], [5]]);
  });

  it("passes Redis's own refusal to every caller of the batch", async () => {
    const handOff = new HandOff<number>(() => Promise.reject(new Error('OOM command not allowed')), connected);
    const results = await Promise.allSettled([handOff.push([1]), handOff.push([2])]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(['OOM command not allowed', 'OOM command not allowed']);
    expect(handOff.unanswered()).toBe(0);
  });

  it.each([
    ['waitMs', { waitMs: 0 }],
    ['maxUnanswered', { maxUnanswered: 1.5 }],
  ])('refuses a bad %s, naming it', (name, options) => {
    expect(() => new HandOff<number>(async () => undefined, connected, options)).toThrow(`Expected \`${name}\` to be an integer >= 1, got ${String(Object.values(options)[0])}`);
  });
});
