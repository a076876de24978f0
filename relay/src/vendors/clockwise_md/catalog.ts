import type { CatalogEntry, VendorSetup } from '../types.js';

/** Clockwise.MD's body is exactly `{appointment_id, event_type}`; every sample uses one appointment. */
const sample = (eventType: string): Record<string, unknown> => ({ appointment_id: 48213577, event_type: eventType });

const entry = (vendorEvent: string, title: string, description: string): CatalogEntry => ({
  vendorEvent,
  title,
  description,
  sample: sample(vendorEvent),
});

export const catalog: readonly CatalogEntry[] = [
  entry('create', 'Appointment created', 'A patient appointment was created (online, walk-in or by staff).'),
  entry('reschedule', 'Appointment rescheduled', 'An appointment was moved to a different time.'),
  entry('demographics_update', 'Patient details updated', "The patient's demographic details on an appointment changed."),
  entry('checkin', 'Patient checked in', 'The patient was checked in for the appointment.'),
  entry('undo_checkin', 'Check-in undone', "Staff reverted the patient's check-in."),
  entry('remove', 'Appointment removed', 'The appointment was removed from the queue (cancelled or left).'),
  entry('undo_remove', 'Removal undone', 'Staff put a removed appointment back in the queue.'),
  entry('ready', 'Patient ready', 'The patient was marked ready to be seen.'),
  entry('undo_ready', 'Ready undone', "Staff reverted the patient's ready status."),
  entry('callback', 'Patient called back', 'The patient was called back to be seen.'),
  entry('undo_callback', 'Callback undone', "Staff reverted the patient's callback."),
  entry('discharge', 'Patient discharged', 'The patient was discharged and the visit completed.'),
  entry('undo_discharge', 'Discharge undone', "Staff reverted the patient's discharge."),
];

/** Clockwise.MD can send an `Authtoken` header if agreed with them; otherwise the token is a path segment. */
export const setup: VendorSetup = {
  preferredAuth: 'authtoken_header',
  steps: [
    'Ask Clockwise.MD support (or your account manager) to enable webhooks for your group and send them to {ingest_base_url} with the header `Authtoken: {token}`.',
    'If they cannot send a custom header, give them the full URL {ingest_url} instead: the token is then in the path, so keep that URL secret.',
    'Tell them which event types to send: create, reschedule, demographics_update, checkin, undo_checkin, remove, undo_remove, ready, undo_ready, callback, undo_callback, discharge, undo_discharge (all by default).',
    'Check in a test patient and confirm the `checkin` event appears in this source\'s events (a refused delivery is listed under its rejections).',
  ],
};
