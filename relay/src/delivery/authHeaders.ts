/**
 * The request header a subscription's `auth` adds to every delivery attempt. Pure.
 * Basic credentials are encoded as UTF-8 (RFC 7617 `charset="UTF-8"`).
 */
import type { HookAuth } from '../store/types.js';

export function authHeaders(auth: HookAuth): Record<string, string> {
  switch (auth.type) {
    case 'none':
      return {};
    case 'bearer':
      return { Authorization: `Bearer ${auth.token}` };
    case 'basic':
      return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` };
    case 'header':
      return { [auth.name]: auth.value };
    default: {
      const unreachable: never = auth;
      return unreachable;
    }
  }
}
