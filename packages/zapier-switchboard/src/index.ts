/** The Switchboard Zapier app: custom auth, five REST-hook triggers and the hidden dropdown triggers. */
import { defineApp, version as platformVersion } from 'zapier-platform-core';
import { authentication } from './authentication';
import { addApiKey, explainRelayErrors } from './middleware';
import { eventTypeTrigger } from './triggers/eventTypes';
import { newEventTrigger } from './triggers/newEvent';
import { sourceTrigger } from './triggers/sources';
import {
  clarityflowEventTrigger,
  clarkyEventTrigger,
  clockwiseMdAppointmentTrigger,
  clockworkInvitationTrigger,
} from './triggers/vendorTriggers';
import { VENDORS } from './vendors';

// package.json sits outside rootDir, so it is read at run time rather than imported.
const { version } = require('../package.json') as { version: string };

const hiddenSourceTriggers = [sourceTrigger(null), ...VENDORS.map(sourceTrigger)];

const triggers = Object.fromEntries(
  [newEventTrigger, clockworkInvitationTrigger, clockwiseMdAppointmentTrigger, clarityflowEventTrigger, clarkyEventTrigger, eventTypeTrigger, ...hiddenSourceTriggers].map(
    (trigger) => [trigger.key, trigger],
  ),
);

const app = defineApp({
  version,
  platformVersion,
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [explainRelayErrors],
  triggers,
});

export = app;
