/**
 * Custom authentication: the relay's URL and an admin API key, tested with `GET /api/v1/me`.
 * A refused key becomes an error that says which key to use; a wrong URL one that says so.
 */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { getMe } from './relay/api';
import { isRecord } from './relay/parse';
import { normalizeRelayUrl } from './relay/url';

const test = (z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> => getMe(z, bundle);

/** `relay.example.com (key …cdef)`: which relay and which key, never the key itself. */
export async function connectionLabel(_z: ZObject, bundle: Bundle): Promise<string> {
  const me: unknown = bundle.inputData;
  const relay = isRecord(me) && isRecord(me['relay']) ? me['relay'] : {};
  const key = isRecord(me) && isRecord(me['key']) ? me['key'] : {};
  const base = normalizeRelayUrl(bundle.authData['relay_url']);
  const host = base.ok ? new URL(base.value).host : typeof relay['public_url'] === 'string' ? relay['public_url'] : 'Switchboard';
  return typeof key['hint'] === 'string' ? `${host} (key …${key['hint']})` : host;
}

export const authentication = {
  type: 'custom',
  fields: [
    {
      key: 'relay_url',
      label: 'Relay URL',
      type: 'string',
      required: true,
      isNoSecret: true,
      placeholder: 'https://switchboard.example.com',
      helpText:
        'The address of your Switchboard relay, as Zapier can reach it from the internet (its `SWITCHBOARD_PUBLIC_URL`), without `/api/v1`.',
    },
    {
      key: 'api_key',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText:
        "An admin API key of the relay: one of `SWITCHBOARD_API_KEYS`, or the key the relay printed once at its first start. It is sent as `Authorization: Bearer <key>`.",
    },
  ],
  test,
  connectionLabel,
} satisfies Authentication;
