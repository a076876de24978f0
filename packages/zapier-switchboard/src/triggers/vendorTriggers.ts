/** One visible trigger per vendor, each limited to that vendor's events. */
import { hookTrigger } from './hookTrigger';
import { sourceField, vendorEventTypeField } from './inputFields';

export const clockworkInvitationTrigger = hookTrigger({
  key: 'clockwork_invitation',
  noun: 'Invitation',
  label: 'New Clockwork Invitation',
  description: 'Triggers when Clockwork sends an appointment invitation to a customer.',
  scope: { vendor: 'clockwork', fixedType: 'clockwork.invitation_sent' },
  inputFields: [sourceField('clockwork')],
  sampleType: 'clockwork.invitation_sent',
});

export const clockwiseMdAppointmentTrigger = hookTrigger({
  key: 'clockwise_md_appointment',
  noun: 'Appointment',
  label: 'Clockwise.MD Appointment Changed',
  description: 'Triggers when a Clockwise.MD appointment is created, rescheduled, checked in, discharged or changes state otherwise.',
  scope: { vendor: 'clockwise_md', fixedType: null },
  inputFields: [vendorEventTypeField('clockwise_md'), sourceField('clockwise_md')],
  sampleType: 'clockwise_md.checkin',
});

export const clarityflowEventTrigger = hookTrigger({
  key: 'clarityflow_event',
  noun: 'Event',
  label: 'New Clarityflow Event',
  description: 'Triggers on Clarityflow conversations, messages, appointments, purchases, form submissions and completed tasks.',
  scope: { vendor: 'clarityflow', fixedType: null },
  inputFields: [vendorEventTypeField('clarityflow'), sourceField('clarityflow')],
  sampleType: 'clarityflow.new_appointment',
});

export const clarkyEventTrigger = hookTrigger({
  key: 'clarky_event',
  noun: 'Event',
  label: 'New Clarky Event',
  description: 'Triggers on Clarky contacts, conversations, messages, escalations and bookings.',
  scope: { vendor: 'clarky', fixedType: null },
  inputFields: [vendorEventTypeField('clarky'), sourceField('clarky')],
  sampleType: 'clarky.booking.confirmed',
});
