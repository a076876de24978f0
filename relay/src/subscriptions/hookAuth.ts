/**
 * A subscription's `auth`: the extra header each delivery carries so the subscriber can tell the
 * relay apart (docs/contract.md, "Delivery"). Pure: `unknown` in, a `HookAuth` or an `AppError` out.
 *
 * An edit form reads the hook (secrets masked) and may send `auth` back unchanged: a secret
 * equal to the masked form of the stored one, for the same auth type, keeps the stored secret.
 * Any other value that looks masked is refused, so a mask never becomes a credential.
 */
import { AppError, describeValue, invalidField, missingField, unknownField } from '../errors.js';
import type { HookAuth } from '../store/types.js';
import { isMaskOf, MASK_PREFIX } from './view.js';

/** Headers the relay sets itself (body framing and Standard Webhooks signing). */
export const RESERVED_HEADERS: readonly string[] = [
  'content-type',
  'content-length',
  'host',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'connection',
  'transfer-encoding',
];

export const AUTH_LIMITS = { headerName: 100, secret: 4096, username: 256 } as const;

/** RFC 9110 `token`. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII with inner spaces: what any HTTP stack accepts in a header value as is. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

const AUTH_EXPECTED =
  '`{"type":"none"}`, `{"type":"bearer","token"}`, `{"type":"basic","username","password"}` or `{"type":"header","name","value"}`';

const FIELDS: Record<HookAuth['type'], readonly string[]> = {
  none: ['type'],
  bearer: ['type', 'token'],
  basic: ['type', 'username', 'password'],
  header: ['type', 'name', 'value'],
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAuthType(value: unknown): value is HookAuth['type'] {
  return typeof value === 'string' && Object.hasOwn(FIELDS, value);
}

/**
 * One secret field: the stored secret when `sent` is its mask, else `sent` checked with `valid`.
 * `stored` is only given when the stored auth has the same type.
 */
function secretField(auth: Json, key: string, stored: string | undefined, valid: (s: string) => boolean, expected: string): string {
  const field = `auth.${key}`;
  const sent = auth[key];
  if (sent === undefined) throw missingField(field, expected);
  if (typeof sent === 'string' && stored !== undefined && isMaskOf(sent, stored)) return stored;
  if (typeof sent === 'string' && sent.startsWith(MASK_PREFIX)) {
    throw new AppError('invalid_field', `\`${field}\` holds a masked value that does not match the stored one; send the secret itself.`, { field });
  }
  if (typeof sent !== 'string') throw invalidField(field, expected, sent);
  if (!valid(sent)) {
    // The value may be a real credential with a typo: say how long it is, never what it is.
    throw new AppError('invalid_field', `Expected \`${field}\` to be ${expected}, got a string of ${sent.length} characters that is not.`, { field });
  }
  return sent;
}

const headerValue = (s: string): boolean => s.length <= AUTH_LIMITS.secret && HEADER_VALUE.test(s);
const VALUE_EXPECTED = `1 to ${AUTH_LIMITS.secret} visible ASCII characters (inner spaces allowed)`;

function parseHeaderName(auth: Json): string {
  const name = auth['name'];
  const expected = `an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-, at most ${AUTH_LIMITS.headerName})`;
  if (name === undefined) throw missingField('auth.name', expected);
  if (typeof name !== 'string' || name.length > AUTH_LIMITS.headerName || !HTTP_TOKEN.test(name)) throw invalidField('auth.name', expected, name);
  if (RESERVED_HEADERS.includes(name.toLowerCase())) {
    const message = `Expected \`auth.name\` to be a header the relay does not set itself, got ${describeValue(name)}; reserved: ${RESERVED_HEADERS.join(', ')}.`;
    throw new AppError('invalid_field', message, { field: 'auth.name' });
  }
  return name;
}

function parseUsername(auth: Json): string {
  const username = auth['username'];
  const expected = `1 to ${AUTH_LIMITS.username} characters without \`:\` or control characters`;
  if (username === undefined) throw missingField('auth.username', expected);
  if (typeof username !== 'string' || username.length === 0 || username.length > AUTH_LIMITS.username || username.includes(':') || CONTROL.test(username)) {
    throw invalidField('auth.username', expected, username);
  }
  return username;
}

/**
 * `auth` as sent, given the stored auth on PATCH. Throws an `AppError` naming `auth.<field>`.
 * Secrets are never echoed in messages.
 */
export function parseAuth(input: unknown, stored?: HookAuth): HookAuth {
  if (!isObject(input)) throw invalidField('auth', AUTH_EXPECTED, input);
  const type = input['type'];
  if (!isAuthType(type)) throw invalidField('auth.type', '`none`, `bearer`, `basic` or `header`', type);
  const unknown = Object.keys(input).find((key) => !FIELDS[type].includes(key));
  if (unknown !== undefined) {
    throw unknownField(unknown, FIELDS[type], { prefix: 'auth.', context: ` for auth type \`${type}\`` });
  }
  switch (type) {
    case 'none':
      return { type };
    case 'bearer': {
      const old = stored?.type === 'bearer' ? stored.token : undefined;
      return { type, token: secretField(input, 'token', old, headerValue, VALUE_EXPECTED) };
    }
    case 'basic': {
      const username = parseUsername(input);
      const old = stored?.type === 'basic' ? stored.password : undefined;
      const valid = (s: string): boolean => s.length <= AUTH_LIMITS.secret && !CONTROL.test(s);
      return { type, username, password: secretField(input, 'password', old, valid, `at most ${AUTH_LIMITS.secret} characters without control characters`) };
    }
    case 'header': {
      const name = parseHeaderName(input);
      const old = stored?.type === 'header' ? stored.value : undefined;
      return { type, name, value: secretField(input, 'value', old, headerValue, VALUE_EXPECTED) };
    }
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}
