import type { Config } from '../config.js';
import type { SourceRecord } from '../store/types.js';
import { getVendorModule } from '../vendors/index.js';

/** What the API shows of a source. The token itself only appears at creation and rotation. */
export interface SourceView {
  id: string;
  vendor: SourceRecord['vendor'];
  vendor_name: string;
  name: string;
  description: string | null;
  active: boolean;
  /** Base URL for the header forms (`Authtoken` or `Authorization: Bearer`). */
  ingest_base_url: string;
  /** The full URL with the token in place of `{token}`. */
  ingest_url_template: string;
  token_hint: string;
  preferred_auth: string;
  created_at: string;
  updated_at: string;
}

export interface SourceWithSecret extends SourceView {
  token: string;
  ingest_url: string;
  /** The vendor's set-up steps with the URL and token filled in. */
  setup_steps: string[];
  previous_token_expires_at: string | null;
}

export function sourceView(config: Config, source: SourceRecord): SourceView {
  const base = `${config.publicUrl}/in/${source.id}`;
  const module = getVendorModule(source.vendor);
  return {
    id: source.id,
    vendor: source.vendor,
    vendor_name: module.name,
    name: source.name,
    description: source.description,
    active: source.active,
    ingest_base_url: base,
    ingest_url_template: `${base}/{token}`,
    token_hint: source.token_hint,
    preferred_auth: module.setup.preferredAuth,
    created_at: source.created_at,
    updated_at: source.updated_at,
  };
}

export function sourceWithSecret(config: Config, source: SourceRecord, token: string): SourceWithSecret {
  const view = sourceView(config, source);
  const ingestUrl = `${view.ingest_base_url}/${token}`;
  const fill = (step: string): string =>
    step.replaceAll('{ingest_url}', ingestUrl).replaceAll('{ingest_base_url}', view.ingest_base_url).replaceAll('{token}', token);
  return {
    ...view,
    token,
    ingest_url: ingestUrl,
    setup_steps: getVendorModule(source.vendor).setup.steps.map(fill),
    previous_token_expires_at: source.previous_token_expires_at,
  };
}
