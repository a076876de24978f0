/**
 * Keeps every relay process's subscription cache current when several share one store: each
 * saved change is announced on a Redis channel, and every other process re-reads that hook from
 * the store (the message carries only its id, never a secret). After a lost connection the whole
 * cache is reloaded, since announcements made meanwhile are gone.
 *
 * Sources and API keys need nothing: they are read from the store on every request.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { HookRegistry } from './registry.js';

export interface ConfigBus {
  close(): Promise<void>;
}

interface Announcement {
  from: string;
  hook_id: string;
}

export async function startConfigBus(settings: { url: string; prefix: string }, hooks: HookRegistry, logger: Logger): Promise<ConfigBus> {
  const channel = `${settings.prefix}:config-changes`;
  const me = randomUUID();
  const publisher = new Redis(settings.url, { connectionName: 'switchboard-config-pub', maxRetriesPerRequest: null });
  const subscriber = new Redis(settings.url, { connectionName: 'switchboard-config-sub', maxRetriesPerRequest: null });
  const onError = (err: Error): void => logger.warn({ err: err.message }, 'Redis (configuration changes) error');
  publisher.on('error', onError);
  subscriber.on('error', onError);

  const refresh = (id?: string): void => {
    hooks.refresh(id).catch((err: unknown) => logger.error({ err: err instanceof Error ? err.message : String(err), hook_id: id }, 'could not reload a subscription changed by another process'));
  };
  subscriber.on('message', (_channel: string, text: string) => {
    let message: Partial<Announcement>;
    try {
      message = JSON.parse(text) as Partial<Announcement>;
    } catch {
      return;
    }
    if (message.from !== me && typeof message.hook_id === 'string') refresh(message.hook_id);
  });
  let connectedOnce = false;
  subscriber.on('ready', () => {
    if (connectedOnce) refresh(); // reconnected: announcements may have been missed
    connectedOnce = true;
  });
  await subscriber.subscribe(channel);
  refresh(); // changes announced between loading the cache and subscribing

  const stop = hooks.onChange((change) => {
    if (change.remote) return;
    const message: Announcement = { from: me, hook_id: change.id };
    publisher.publish(channel, JSON.stringify(message)).catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not announce a subscription change'));
  });

  return {
    close: async () => {
      stop();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
