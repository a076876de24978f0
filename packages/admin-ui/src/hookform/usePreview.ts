/**
 * Asks the relay what the subscription being edited would send (POST /hooks/preview), a moment
 * after the operator stops typing, so the relay's own template engine and filter judge it.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api/client';
import type { Preview } from '../api/types';

export interface PreviewRequest {
  payload_template: string | null;
  filter: Record<string, unknown> | null;
  event_type: string | null;
}

export interface PreviewState {
  preview: Preview | null;
  error: string | null;
  busy: boolean;
}

const DEBOUNCE_MS = 300;

export function usePreview(request: PreviewRequest | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, error: null, busy: false });
  const key = JSON.stringify(request);
  useEffect(() => {
    if (request === null) return undefined;
    let live = true;
    setState((s) => ({ ...s, busy: true }));
    const timer = setTimeout(() => {
      const body = {
        payload_template: request.payload_template,
        filter: request.filter,
        ...(request.event_type ? { event_type: request.event_type } : {}),
      };
      api<Preview>('POST', '/hooks/preview', body).then(
        (preview) => live && setState({ preview, error: null, busy: false }),
        (err: unknown) => live && setState({ preview: null, error: messageOf(err), busy: false }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
