/**
 * Issue #12 item 2: what normalization adds to an event is bounded (docs/vendors.md, "How much
 * bigger an event can be than its request"). The bound is written out here, not imported, so the
 * test states the contract rather than echoing the code: serialized envelope <= 2 x body + 16 KiB.
 */
import { startTestRelay, type TestRelay } from '../support/relay.js';

const bound = (bodyBytes: number): number => 2 * bodyBytes + 16 * 1024;
const json = { 'content-type': 'application/json' };

let relay: TestRelay;
let clarky: { ingest_url: string };

beforeAll(async () => {
  relay = await startTestRelay();
  clarky = (await relay.api('POST', '/sources', { vendor: 'clarky', name: 'Front desk' })).body;
});
afterAll(async () => relay.stop());

async function ingest(body: string): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(clarky.ingest_url, { method: 'POST', headers: json, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The reported attack: one 2,000-character key holding 28,894 objects whose number `id` Clarky's rules retype. */
function attackBody(): string {
  const items = Array.from({ length: 28_894 }, () => '{"id":1}').join(',');
  return `{"event":"message.received","${'k'.repeat(2000)}":[${items}]}`;
}

describe('the size of a stored event', () => {
  test('28,894 retyped ids under a 2,000-character key stay within 2 x body + 16 KiB, summarized', async () => {
    const body = attackBody();
    expect(Buffer.byteLength(body)).toBeGreaterThan(262_000);
    const accepted = await ingest(body);
    expect(accepted.status).toBe(202);
    const stored = await relay.api('GET', `/events/${accepted.body['event_id']}`);
    const size = Buffer.byteLength(JSON.stringify(stored.body));
    expect(size).toBeLessThanOrEqual(bound(Buffer.byteLength(body)));
    const warnings = stored.body.warnings as string[];
    expect(warnings.length).toBeLessThanOrEqual(20);
    expect(warnings.at(-1)).toMatch(/^…and 28889 more of the same kind/);
    expect(Math.max(...warnings.map((w) => w.length))).toBeLessThan(400);
    expect(stored.body.data['k'.repeat(2000)]).toHaveLength(28_894);
  });

  test('a body whose numbers grow when re-serialized past the bound is refused 413, not stored', async () => {
    // `1e20` is 4 bytes as sent and 21 once serialized: the only growth normalization cannot avoid.
    const numbers = Array.from({ length: 50_000 }, () => '1e20').join(',');
    const body = `{"event":"message.received","values":[${numbers}]}`;
    const refused = await ingest(body);
    expect(refused.status).toBe(413);
    expect(refused.body['error']).toMatchObject({ code: 'payload_too_large' });
    expect(refused.body['error'].message).toMatch(/2 × the body/);
    const events = await relay.api('GET', '/events?vendor=clarky');
    expect(events.body.data.map((e: { data: Record<string, unknown> }) => Object.keys(e.data))).not.toContainEqual(expect.arrayContaining(['values']));
  });
});
