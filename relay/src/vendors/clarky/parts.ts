/**
 * Building blocks of the Clarky sample bodies (shared/fixtures/vendors/clarky): one agent, one
 * contact, one conversation and one booking, varied per event in `samples.ts`.
 */
export const agent = { id: '54eff0a3-e16d-4ebd-a26d-c12fe344e043', name: 'Front Desk Assistant' };

const contactIdentity = {
  id: 'c_01JNQ8Z4W6T2X9R5B7K3M1P0HD',
  workspace_id: 'w_01JD2S7Q8F4E6R1T3Y5U7I9O0P',
  bot_id: agent.id,
  first_name: 'Ada',
  last_name: 'Lovelace',
  emails: [{ email: 'ada@example.com', is_primary: true }],
};

/** What Clarky still sends about a contact once it is deleted. */
export const deletedContact = {
  id: contactIdentity.id,
  bot_id: agent.id,
  first_name: 'Ada',
  last_name: 'Lovelace',
  emails: contactIdentity.emails,
};

export const contact = {
  ...contactIdentity,
  phone_numbers: [{ phone_number: '+14155550123', is_primary: true }],
  company: 'Analytical Engines Inc.',
  company_id: null,
  job_title: 'Founder',
  lead_source: 'chat_widget',
  tags: ['lead', 'demo-requested'],
  deal_value: 12000,
  pipeline_stage_id: null,
  contact_type: 'lead',
  address_line1: null,
  address_line2: null,
  city: 'London',
  state: null,
  postal_code: null,
  country: 'GB',
  linkedin_url: null,
  notes: null,
  custom_fields: { preferred_language: 'en', budget_range: '10k-25k' },
  last_contacted_at: '2026-03-03T14:05:12.000Z',
  created_at: '2026-03-03T14:05:12.000Z',
  updated_at: '2026-03-03T14:05:12.000Z',
};

export const conversation = {
  id: 'cv_01JNQ8YZ1C4V7B0N3M6K9J2H5G',
  bot_id: agent.id,
  contact_id: contact.id,
  type: 0,
  email: 'ada@example.com',
  phone_number: null,
  human: 'Ada Lovelace',
  human_takeover: false,
  assigned_to: null,
  assigned_at: null,
  active: true,
  archived: false,
  archived_at: null,
  deleted: false,
  internal: false,
  notes: null,
  last_message: 'Hi! Do you integrate with HubSpot?',
  last_message_at: '2026-03-03T14:04:58.000Z',
  last_activity_at: '2026-03-03T14:05:41.000Z',
  sentiment_score: null,
  sentiment_summary: null,
  url: 'https://clarky.ai/inbox/cv_01JNQ8YZ1C4V7B0N3M6K9J2H5G',
  created_at: '2026-03-03T14:04:58.000Z',
};

export const booking = {
  id: 'bk_01JNQA3D5F7H9K1M3P5R7T9V1X',
  status: 'confirmed',
  event_type: { id: 'et_01JC0Z8Y6X4W2V0T8R6P4N2M0K', slug: '30-min-demo', name: '30 Minute Demo', duration_minutes: 30 },
  host: { id: 'u_01JB9X7W5V3T1R9P7N5M3K1J9H', name: 'Grace Hopper', email: 'grace@acme-robotics.example' },
  invitee: {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone_number: '+14155550123',
    notes: 'Interested in the API tier.',
    answers: [{ question: 'Company size', answer: '11-50' }],
  },
  start_time: '2026-03-10T16:00:00.000Z',
  end_time: '2026-03-10T16:30:00.000Z',
  timezone: 'Europe/London',
  location: { type: 'google_meet', url: 'https://meet.google.com/abc-defg-hij' },
  reschedule_count: 0,
  contact_id: contact.id,
  conversation_id: conversation.id,
  created_at: '2026-03-03T14:06:30.000Z',
  updated_at: '2026-03-03T14:06:30.000Z',
};

/** Values shared by the conversation, sentiment and escalation samples. */
export const secondConversationId = 'cv_01JNT2K8M4P6R8T0V2X4Z6B8D0';
export const demoQuestion = 'Can I book a demo for next Tuesday?';
export const positiveSentiment = { sentiment_score: 78, sentiment_summary: 'Curious and positive; wants a product demo.' };
