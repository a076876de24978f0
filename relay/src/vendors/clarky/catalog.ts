import type { CatalogEntry, VendorSetup } from '../types.js';
import * as samples from './samples.js';

const entry = (vendorEvent: string, title: string, description: string, sample: Record<string, unknown>): CatalogEntry => ({
  vendorEvent,
  title,
  description,
  sample,
});

/** Only `conversation.started` is documented on the wire; the rest follow its pattern (NOTES.md). */
export const catalog: readonly CatalogEntry[] = [
  entry('contact.created', 'Contact created', 'A new contact was added, by an agent conversation or by hand.', samples.contactCreated),
  entry('contact.updated', 'Contact updated', "A contact's details, tags or custom fields changed.", samples.contactUpdated),
  entry('contact.deleted', 'Contact deleted', 'A contact was deleted.', samples.contactDeleted),
  entry('conversation.started', 'Conversation started', 'A visitor started a new conversation with an agent.', samples.conversationStarted),
  entry('conversation.updated', 'Conversation updated', 'A conversation changed: new activity, assignment, or sentiment.', samples.conversationUpdated),
  entry('conversation.bad_sentiment', 'Bad sentiment detected', "A conversation's sentiment score fell into the negative range.", samples.conversationBadSentiment),
  entry('escalation.requested', 'Escalation requested', 'The visitor or the agent asked for a human to take over.', samples.escalationRequested),
  entry('message.sent', 'Message sent', 'The agent or a team member sent a message to the visitor (outbound).', samples.messageSent),
  entry('message.received', 'Message received', 'The visitor sent a message (inbound).', samples.messageReceived),
  entry('booking.created', 'Booking created', 'A meeting was booked through an agent; it may still await confirmation.', samples.bookingCreated),
  entry('booking.confirmed', 'Booking confirmed', 'A booking was confirmed.', samples.bookingConfirmed),
  entry('booking.cancelled', 'Booking cancelled', 'A booking was cancelled by the invitee or the host.', samples.bookingCancelled),
  entry('booking.rescheduled', 'Booking rescheduled', 'A booking moved to a new time; the old start time is included.', samples.bookingRescheduled),
  entry('booking.completed', 'Booking completed', 'A booked meeting took place.', samples.bookingCompleted),
  entry('booking.no_show', 'Booking no-show', 'The invitee did not attend a booked meeting.', samples.bookingNoShow),
  entry('booking.reminder_sent', 'Booking reminder sent', 'A reminder about an upcoming booking was sent to the invitee.', samples.bookingReminderSent),
];

/** Clarky sends a bearer token the user types in, so the URL can stay free of secrets. */
export const setup: VendorSetup = {
  preferredAuth: 'bearer_header',
  steps: [
    'In Clarky, open your agent, then Integrations > Webhooks, and add a webhook.',
    'URL: {ingest_base_url}. Method: POST (PUT and PATCH also work; GET and DELETE carry no event body and are refused).',
    'Add the header `Authorization: Bearer {token}`.',
    'Choose the events to send (and, if you like, the agents they come from). Keep the default body; if you write your own template, include at least "event": "{{event}}" and "timestamp": "{{timestamp}}".',
    'Save, start a test conversation with the agent, and check that `conversation.started` appears in this source\'s events (a refused delivery is listed under its rejections).',
  ],
};
