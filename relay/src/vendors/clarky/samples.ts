/** Raw Clarky bodies (default body shape), equal to shared/fixtures/vendors/clarky; see `parts.ts`. */
import { agent, booking, contact, conversation, deletedContact, demoQuestion, positiveSentiment, secondConversationId } from './parts.js';

const body = <T extends object>(event: string, timestamp: string, rest: T) => ({ event, timestamp, agent, ...rest });

const bookingBody = <C extends object, E extends object>(event: string, timestamp: string, changes: C, extra?: E) =>
  body(event, timestamp, { booking: { ...booking, ...changes }, ...extra, contact });

const thread = { id: conversation.id, type: 0 };
const lastQuestion = { last_message: demoQuestion, last_message_at: '2026-03-03T14:05:40.000Z' };

export const contactCreated = body('contact.created', '2026-03-03T14:05:12.418Z', { contact });
export const contactUpdated = body('contact.updated', '2026-03-03T14:09:47.120Z', {
  contact: { ...contact, tags: ['lead', 'demo-requested', 'qualified'], updated_at: '2026-03-03T14:09:47.000Z' },
});
export const contactDeleted = body('contact.deleted', '2026-03-05T09:00:03.551Z', { contact: deletedContact });

export const conversationStarted = body('conversation.started', '2026-03-03T14:04:58.902Z', {
  conversation,
  contact: null,
  first_message: conversation.last_message,
});
export const conversationUpdated = body('conversation.updated', '2026-03-03T14:12:30.004Z', {
  conversation: {
    ...conversation,
    ...lastQuestion,
    ...positiveSentiment,
    assigned_to: booking.host.id,
    assigned_at: '2026-03-03T14:12:29.000Z',
  },
  contact,
});
export const conversationBadSentiment = body('conversation.bad_sentiment', '2026-03-04T11:20:14.777Z', {
  conversation: {
    ...conversation,
    id: secondConversationId,
    last_message: 'This is the second time the link is broken. Really?',
    last_message_at: lastQuestion.last_message_at,
    sentiment_score: 22,
    sentiment_summary: 'Frustrated: booking link failed twice; threatens to cancel.',
  },
  contact,
});
export const escalationRequested = body('escalation.requested', '2026-03-04T11:21:02.310Z', {
  conversation: { ...conversation, ...lastQuestion, ...positiveSentiment, id: secondConversationId },
  contact,
  reason: 'User asked to speak with a human.',
  message: { id: 'm_01JNT2MA0B2C4D6E8F0G2H4J6K', role: 'user', content: 'Can I talk to a real person please?', created_at: '2026-03-04T11:21:01.000Z' },
});

export const messageSent = body('message.sent', '2026-03-03T14:05:41.250Z', {
  conversation: thread,
  contact,
  message: {
    id: 'm_01JNQ8ZB3D5F7H9K1M3P5R7T9V',
    direction: 'outbound',
    role: 'assistant',
    content: "Absolutely — here's a link to pick a time: https://clarky.ai/b/30-min-demo",
    created_at: '2026-03-03T14:05:41.000Z',
  },
});
export const messageReceived = body('message.received', '2026-03-03T14:05:40.118Z', {
  conversation: thread,
  contact,
  message: { id: 'm_01JNQ8ZA1B3C5D7E9F1G3H5J7K', direction: 'inbound', role: 'user', content: demoQuestion, created_at: '2026-03-03T14:05:40.000Z' },
});

export const bookingCreated = bookingBody('booking.created', '2026-03-03T14:06:30.640Z', { status: 'pending' });
export const bookingConfirmed = bookingBody('booking.confirmed', '2026-03-03T15:01:09.012Z', { updated_at: '2026-03-03T15:01:09.000Z' });
export const bookingCancelled = bookingBody('booking.cancelled', '2026-03-08T08:44:51.903Z', {
  status: 'cancelled',
  updated_at: '2026-03-08T08:44:51.000Z',
  cancelled_by: 'invitee',
  cancellation_reason: 'Conflict with board meeting',
});
export const bookingRescheduled = bookingBody(
  'booking.rescheduled',
  '2026-03-07T19:15:22.480Z',
  { start_time: '2026-03-12T10:00:00.000Z', end_time: '2026-03-12T10:30:00.000Z', reschedule_count: 1, updated_at: '2026-03-07T19:15:22.000Z' },
  { previous_start_time: booking.start_time },
);
export const bookingCompleted = bookingBody('booking.completed', '2026-03-10T16:31:00.066Z', { status: 'completed', updated_at: '2026-03-10T16:31:00.000Z' });
export const bookingNoShow = bookingBody('booking.no_show', '2026-03-10T16:45:00.201Z', { status: 'no_show', updated_at: '2026-03-10T16:45:00.000Z' });
export const bookingReminderSent = bookingBody('booking.reminder_sent', '2026-03-09T16:00:00.733Z', {}, {
  reminder: { channel: 'email', offset_minutes: 1440 },
});
