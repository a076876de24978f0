/** Raw Clockwork bodies, as the vendor sends them (copied from shared/fixtures/vendors/clockwork). */
export const invitationSent = {
  event_name: 'invitation_sent',
  uuid: '7d3c1a52-9f0e-4c1b-8a57-2f6e0b9d4c11',
  sub_uuid: 'c0a8e4f2-3b6d-4e7a-9c15-6d2b8f1e0a93',
  customer_uuid: '5b9e2f7c-1d4a-4c3e-b8f6-0e7a2d9c4b18',
  customer_email: 'bront.chloaf@example.com',
  customer_first_name: 'Brønt',
  customer_last_name: 'Chloaf',
  customer_attributes: {
    company: 'Northwind Traders',
    job_title: 'Operations Manager',
    plan: 'enterprise',
    seats: '42',
    country: 'DK',
    nps_segment: 'promoter',
    opted_in_research: 'true',
  },
  customer_last_contacted_at: '2026-02-11T16:42:07Z',
};
