import type { Person } from '../types.js';
import { field } from '../shared/guards.js';
import { mergePeople, primaryValue, toPerson } from '../shared/person.js';

/**
 * Who a Clarky event is about. Sources in order of trust: the `contact` object, the booking's
 * `invitee`, the `conversation` (`email`, `phone_number`, `human` name), then the top-level fields
 * of a custom body template (`{{firstName}} {{lastName}} {{email}} {{phoneNumber}}`). Each part
 * comes from the first source that has it, so a contact without a phone still gets the invitee's.
 */
export function clarkyPerson(body: Record<string, unknown>): Person | null {
  return mergePeople(
    fromContact(body.contact),
    fromInvitee(field(body.booking, 'invitee')),
    fromConversation(body.conversation),
    fromTemplate(body),
  );
}

function fromContact(contact: unknown): Person | null {
  const part = (key: string): unknown => field(contact, key);
  return toPerson({
    email: primaryValue(part('emails'), 'email') ?? part('email'),
    first_name: part('first_name'),
    last_name: part('last_name'),
    phone: primaryValue(part('phone_numbers'), 'phone_number') ?? part('phone_number'),
  });
}

function fromInvitee(invitee: unknown): Person | null {
  const part = (key: string): unknown => field(invitee, key);
  return toPerson({ email: part('email'), full_name: part('name'), phone: part('phone_number') });
}

function fromConversation(conversation: unknown): Person | null {
  const part = (key: string): unknown => field(conversation, key);
  return toPerson({ email: part('email'), full_name: part('human'), phone: part('phone_number') });
}

function fromTemplate(body: Record<string, unknown>): Person | null {
  return toPerson({ email: body.email, first_name: body.firstName, last_name: body.lastName, phone: body.phoneNumber });
}
