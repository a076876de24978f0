/** Data that rarely changes, loaded once per page load: the event-type catalog. */
import { api } from './client';
import type { EventType, Page, Vendor } from './types';

let catalog: Promise<EventType[]> | null = null;

export function loadCatalog(): Promise<EventType[]> {
  catalog ??= api<Page<EventType>>('GET', '/event-types').then((page) => page.data, (err: unknown) => {
    catalog = null;
    throw err;
  });
  return catalog;
}

export const VENDORS: { id: Vendor; name: string; blurb: string }[] = [
  { id: 'clockwork', name: 'Clockwork', blurb: 'Appointment invitations (set up by Clockwork support)' },
  { id: 'clockwise_md', name: 'Clockwise.MD', blurb: 'Patient queue and appointment changes' },
  { id: 'clarityflow', name: 'Clarityflow', blurb: 'Conversations, messages, bookings, purchases, forms, tasks' },
  { id: 'clarky', name: 'Clarky', blurb: 'AI agent contacts, conversations, messages and bookings' },
];

export function vendorName(id: string): string {
  return VENDORS.find((v) => v.id === id)?.name ?? id;
}
