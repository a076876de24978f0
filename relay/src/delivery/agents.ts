/**
 * One keep-alive socket pool per hook. A subscriber that hangs can hold at most `maxSockets`
 * sockets, and only its own: two hooks on the same host (two n8n workflows, say) never share a
 * pool, so one cannot starve the other. Every socket opens through `lookup` (the target-policy
 * lookup), so the policy is enforced on the address actually connected to.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/**
 * Idle keep-alive sockets are closed after this long, under the 5 s idle timeout of Node's own
 * servers, so a socket is rarely reused just as the server closes it. A shorter `Keep-Alive:
 * timeout=N` hint from the server is honoured by Node itself.
 */
export const IDLE_SOCKET_MS = 4_000;

export interface HookAgents {
  http: http.Agent;
  https: https.Agent;
}

export interface AgentPoolOptions {
  /** Resolves and checks every address a socket opens to. */
  lookup: LookupFunction;
  /** Sockets per hook and protocol; further requests of the hook wait for one. */
  maxSockets: number;
}

export class AgentPool {
  readonly #options: AgentPoolOptions;
  readonly #agents = new Map<string, HookAgents>();

  constructor(options: AgentPoolOptions) {
    this.#options = options;
  }

  /** The hook's agents, created on first use. */
  get(hookId: string): HookAgents {
    let agents = this.#agents.get(hookId);
    if (!agents) {
      const options = { keepAlive: true, maxSockets: this.#options.maxSockets, lookup: this.#options.lookup, timeout: IDLE_SOCKET_MS };
      agents = { http: new http.Agent(options), https: new https.Agent(options) };
      this.#agents.set(hookId, agents);
    }
    return agents;
  }

  /** Destroys the hook's sockets, in use or idle; its next request starts a fresh pool. */
  close(hookId: string): void {
    const agents = this.#agents.get(hookId);
    if (!agents) return;
    this.#agents.delete(hookId);
    agents.http.destroy();
    agents.https.destroy();
  }

  closeAll(): void {
    for (const hookId of [...this.#agents.keys()]) this.close(hookId);
  }

  /** How many hooks currently have a pool. */
  get size(): number {
    return this.#agents.size;
  }
}
