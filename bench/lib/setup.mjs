// The usual set-up: one subscriber process and a relay with `count` subscriptions to it.
import { EVENT_TYPE } from './context.mjs';

/** A relay with `count` subscriptions to one subscriber process (paths /h/<prefix>-<i>). */
export async function relayWithSubscribers(ctx, scope, { count, prefix, relayEnv = {} }) {
  const sub = scope.add(await ctx.startSubscriber());
  const relay = scope.add(await ctx.startRelay({ env: relayEnv }));
  const ingestUrl = await relay.createSource();
  const paths = [];
  for (let i = 0; i < count; i++) {
    const path = `/h/${prefix}-${i}`;
    await relay.createHook(sub.target(path), EVENT_TYPE);
    paths.push(path);
  }
  return { sub, relay, ingestUrl, paths };
}
