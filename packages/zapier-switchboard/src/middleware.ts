/** HTTP middleware for every `z.request` this app makes (all of them go to the relay). */
import type { BeforeRequestMiddleware, AfterResponseMiddleware } from 'zapier-platform-core';
import { relayResponseError } from './relay/errors';

/** `Authorization: Bearer <api key>` (README: everything under /api/v1 needs it). */
export const addApiKey: BeforeRequestMiddleware = (request, _z, bundle) => {
  const key = bundle.authData?.['api_key'];
  request.headers = { Accept: 'application/json', ...request.headers };
  if (typeof key === 'string' && key.trim() !== '') request.headers['Authorization'] = `Bearer ${key.trim()}`;
  return request;
};

/** Relay errors become Zapier errors that say what to fix, unless the caller handles the status. */
export const explainRelayErrors: AfterResponseMiddleware = (response, z) => {
  if (response.status >= 400 && !response.skipThrowForStatus) throw relayResponseError(z, response);
  return response;
};
