/** The relay's subscribe answer for a hook (README: `201` with `id` and `secret`). */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export function relayHook(overrides: Record<string, unknown> = {}) {
  return {
    id: 'hook_01JNQB0000000000000000000A',
    target_url: 'https://hooks.zapier.com/hooks/standard/123/abc',
    event_types: ['*'],
    source_id: null,
    name: 'Zapier: New Event',
    description: null,
    http_method: 'POST',
    auth: { type: 'none' },
    retry_enabled: true,
    retry_attempts: 3,
    retry_schedule: null,
    filter: null,
    payload_template: null,
    active: true,
    disabled_reason: null,
    disabled_at: null,
    created_at: '2026-03-03T15:00:00.000Z',
    updated_at: '2026-03-03T15:00:00.000Z',
    secret: SECRET,
    ...overrides,
  };
}
