import type { CatalogEntry, VendorSetup } from '../types.js';
import * as samples from './samples.js';

export const catalog: readonly CatalogEntry[] = [
  {
    vendorEvent: 'conversation_created',
    title: 'Conversation created',
    description: 'A new conversation was started in Clarityflow.',
    sample: samples.conversationCreated,
  },
  {
    vendorEvent: 'message_created',
    title: 'Message created',
    description: 'A text, audio, video or screen message was posted to a conversation.',
    sample: samples.messageCreated,
  },
  {
    vendorEvent: 'message_played',
    title: 'Message played',
    description: 'Someone played a recorded message in a conversation.',
    sample: samples.messagePlayed,
  },
  {
    vendorEvent: 'new_appointment',
    title: 'Appointment booked',
    description: 'A client booked an appointment through a Clarityflow booking page.',
    sample: samples.newAppointment,
  },
  {
    vendorEvent: 'new_purchase',
    title: 'Product purchased',
    description: 'A client bought one of your Clarityflow products.',
    sample: samples.newPurchase,
  },
  {
    vendorEvent: 'new_form_submission',
    title: 'Form submitted',
    description: 'Someone submitted one of your Clarityflow forms.',
    sample: samples.newFormSubmission,
  },
  {
    vendorEvent: 'task_completed',
    title: 'Task completed',
    description: 'A client completed a task assigned in a conversation.',
    sample: samples.taskCompleted,
  },
];

/** Clarityflow sends unsigned webhooks to a URL you paste: the token travels in the URL. */
export const setup: VendorSetup = {
  preferredAuth: 'path',
  steps: [
    'In Clarityflow, open Settings > Integrations > Webhooks and add a webhook.',
    'Paste {ingest_url} as the URL. Keep it secret: Clarityflow webhooks are not signed, so the token in the URL is their only proof of origin.',
    'Pick the events to send (conversation created, message created, message played, new appointment, new purchase, new form submission, task completed) and, if you like, limit them to some products or forms.',
    'Save, post a test message in a conversation, and check that `message_created` appears in this source\'s events (a refused delivery is listed under its rejections).',
  ],
};
