import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { vendorFixturesDir } from '../../test/support/paths.js';
import { VENDOR_MODULES, findCatalogEntry, getVendorModule } from './index.js';
import { VENDORS, type Vendor } from './types.js';

const RECEIVED = new Date('2026-03-03T15:01:09.250Z');

/** docs/contract.md, "Event types (catalog)". */
const CONTRACT_CATALOG: Record<Vendor, string[]> = {
  clockwork: ['invitation_sent'],
  clockwise_md: 'create reschedule demographics_update checkin undo_checkin remove undo_remove ready undo_ready callback undo_callback discharge undo_discharge'.split(' '),
  clarityflow: 'conversation_created message_created message_played new_appointment new_purchase new_form_submission task_completed'.split(' '),
  clarky: ('contact.created contact.updated contact.deleted conversation.started conversation.updated conversation.bad_sentiment ' +
    'escalation.requested message.sent message.received booking.created booking.confirmed booking.cancelled booking.rescheduled ' +
    'booking.completed booking.no_show booking.reminder_sent').split(' '),
};

const entries = VENDORS.flatMap((vendor) => VENDOR_MODULES[vendor].catalog.map((entry) => ({ vendor, ...entry })));
const fixtureFor = (vendor: Vendor, wire: string): string => path.join(vendorFixturesDir, vendor, `${wire.replaceAll('.', '_')}.json`);

describe('the vendor registry', () => {
  it.each(VENDORS)('%s is registered under its own slug', (vendor) => {
    expect(getVendorModule(vendor).vendor).toBe(vendor);
  });

  it.each(VENDORS)("%s's catalog is exactly the contract's list, in order", (vendor) => {
    expect(VENDOR_MODULES[vendor].catalog.map((entry) => entry.vendorEvent)).toEqual(CONTRACT_CATALOG[vendor]);
  });

  it('finds cataloged entries and nothing else', () => {
    expect(findCatalogEntry('clarky', 'booking.cancelled')?.title).toBe('Booking cancelled');
    expect(findCatalogEntry('clarky', 'booking.canceled')).toBeUndefined();
    expect(findCatalogEntry('clockwise_md', 'no_show')).toBeUndefined();
  });
});

describe('catalog entries', () => {
  it.each(entries.map((e) => [`${e.vendor}.${e.vendorEvent}`, e] as const))('%s has a title and a one-sentence description', (_type, entry) => {
    expect(entry.title).toMatch(/^[A-Z][^.]*[^.\s]$/);
    expect(entry.description).toMatch(/^[A-Z][^]*\.$/);
    expect(entry.description.slice(0, -1)).not.toMatch(/\.\s/);
  });

  it.each(entries.map((e) => [`${e.vendor}.${e.vendorEvent}`, e] as const))('%s: the sample normalizes to its own type, without warnings', (_type, entry) => {
    const result = getVendorModule(entry.vendor).normalize(entry.sample, { receivedAt: RECEIVED });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.vendorEvent).toBe(entry.vendorEvent);
    expect(result.value.warnings).toEqual([]);
  });

  it.each(entries.map((e) => [`${e.vendor}.${e.vendorEvent}`, e] as const))('%s: the sample is the shared fixture body', (_type, entry) => {
    const file = fixtureFor(entry.vendor, entry.vendorEvent);
    expect(existsSync(file)).toBe(true);
    expect(entry.sample).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});

describe('setup instructions', () => {
  it.each([
    ['clockwork', 'path', ['{ingest_url}']],
    ['clockwise_md', 'authtoken_header', ['{ingest_base_url}', 'Authtoken: {token}', '{ingest_url}']],
    ['clarityflow', 'path', ['{ingest_url}', 'Settings > Integrations > Webhooks']],
    ['clarky', 'bearer_header', ['{ingest_base_url}', 'Authorization: Bearer {token}', 'Integrations > Webhooks', 'POST']],
  ] as const)('%s prefers %s and tells the user where to paste what', (vendor, preferred, mentions) => {
    const { setup } = getVendorModule(vendor);
    expect(setup.preferredAuth).toBe(preferred);
    const text = setup.steps.join('\n');
    for (const mention of mentions) expect(text).toContain(mention);
  });

  it.each(VENDORS)('%s uses only the placeholders the relay fills in', (vendor) => {
    const placeholders = getVendorModule(vendor).setup.steps.flatMap((step) => [...step.matchAll(/(?<!\{)\{([a-z_]+)\}(?!\})/g)].map((m) => m[1]));
    expect(placeholders.length).toBeGreaterThan(0);
    for (const name of placeholders) expect(['ingest_url', 'ingest_base_url', 'token']).toContain(name);
  });
});
