import type { CatalogEntry, VendorSetup } from '../types.js';
import { invitationSent } from './samples.js';

export const catalog: readonly CatalogEntry[] = [
  {
    vendorEvent: 'invitation_sent',
    title: 'Invitation sent',
    description: 'Clockwork created and emailed an appointment invitation to a customer.',
    sample: invitationSent,
  },
];

/** Clockwork sets webhooks up by hand and does not sign them: the token travels in the URL. */
export const setup: VendorSetup = {
  preferredAuth: 'path',
  steps: [
    'Email Clockwork support and ask them to send the `invitation_sent` webhook as a JSON POST to {ingest_url}.',
    'Treat that URL as a password: Clockwork webhooks are not signed, so the token in the URL is their only proof of origin.',
    'When support confirms, send one invitation in Clockwork and check that it appears in this source\'s events (a refused delivery is listed under its rejections).',
  ],
};
