/**
 * The shape every visible trigger shares (zapier-platform example-apps/rest-hooks): a REST hook
 * on the relay, subscribed per Zap, with a verified `perform`, a `performList` of real events
 * and the bundled catalog's sample as fallback.
 */
import { defineTrigger, type Bundle, type PlainInputField, type ZObject } from 'zapier-platform-core';
import { requireEntry } from '../catalog/catalog';
import { outputFieldsFor } from '../output/outputFields';
import { toZapierEvent, type ZapierEvent } from '../output/flatten';
import { createHook, deleteHook, listEvents } from '../relay/api';
import { isRecord, type SubscribedHook } from '../relay/parse';
import { receiveEvent } from './receive';
import { fallbackSample, readSelection, type Selection, type TriggerScope } from './selection';

export interface HookTriggerSpec {
  key: string;
  noun: string;
  label: string;
  description: string;
  scope: TriggerScope;
  inputFields: PlainInputField[];
  /** The catalog type whose sample is the trigger's static `sample`. */
  sampleType: string;
}

/** @default 10 recent events for the test step, at most 100. */
export const LIST_LIMIT = 10;
const MAX_LIST_LIMIT = 100;

function selectionOf(z: ZObject, bundle: Bundle, scope: TriggerScope): Selection {
  const selection = readSelection(scope, bundle.inputData);
  if (!selection.ok) throw new z.errors.Error(selection.error, 'invalid_event_type', 400);
  return selection.value;
}

function listLimit(bundle: Bundle): number {
  const limit = bundle.meta?.limit;
  return typeof limit === 'number' && limit > 0 ? Math.min(limit, MAX_LIST_LIMIT) : LIST_LIMIT;
}

export function hookTrigger(spec: HookTriggerSpec) {
  const performSubscribe = async (z: ZObject, bundle: Bundle): Promise<SubscribedHook> => {
    const selection = selectionOf(z, bundle, spec.scope);
    if (typeof bundle.targetUrl !== 'string' || bundle.targetUrl === '') {
      throw new z.errors.Error('Zapier gave no target URL to subscribe.', 'missing_target_url', 400);
    }
    return createHook(z, bundle, {
      target_url: bundle.targetUrl,
      event_types: [selection.pattern],
      ...(selection.sourceId ? { source_id: selection.sourceId } : {}),
      name: `Zapier: ${spec.label}`,
      description: 'Created by the Switchboard Zapier integration; deleted when the Zap is turned off.',
    });
  };

  const performUnsubscribe = async (z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> => {
    // Only the id is needed: a subscription stored without a usable secret is deleted all the same.
    const subscribeData: unknown = bundle.subscribeData;
    const id = isRecord(subscribeData) ? subscribeData['id'] : undefined;
    if (typeof id !== 'string' || id === '') return { deleted: false, reason: 'no subscription was recorded for this Zap' };
    return { id, deleted: true, result: await deleteHook(z, bundle, id) };
  };

  const perform = async (z: ZObject, bundle: Bundle): Promise<ZapierEvent[]> => [toZapierEvent(await receiveEvent(z, bundle))];

  const performList = async (z: ZObject, bundle: Bundle): Promise<ZapierEvent[]> => {
    const selection = selectionOf(z, bundle, spec.scope);
    const events = await listEvents(z, bundle, {
      limit: listLimit(bundle),
      ...(selection.type ? { type: selection.type } : {}),
      ...(selection.vendor ? { vendor: selection.vendor } : {}),
      ...(selection.sourceId ? { source_id: selection.sourceId } : {}),
    });
    if (events.length > 0) return events.map(toZapierEvent);
    const sample = fallbackSample(selection);
    return sample ? [toZapierEvent(sample)] : [];
  };

  return defineTrigger({
    key: spec.key,
    noun: spec.noun,
    display: { label: spec.label, description: spec.description },
    operation: {
      type: 'hook',
      inputFields: spec.inputFields,
      performSubscribe,
      performUnsubscribe,
      perform,
      performList,
      sample: toZapierEvent(requireEntry(spec.sampleType).sample),
      outputFields: outputFieldsFor(spec.scope.vendor),
    },
  });
}
