/**
 * The ingest URL and token, shown once after a source is created or its token rotated, with
 * copy buttons and where each value goes in the vendor's own settings.
 */
import type { JSX } from 'preact';
import type { SourceWithSecret, Vendor } from '../api/types';
import { Alert, CopyButton, CopyField } from './ui';

interface Slot {
  where: string;
  value: string;
}

function slots(source: SourceWithSecret): Slot[] {
  const { ingest_url: url, ingest_base_url: base, token } = source;
  const byVendor: Record<Vendor, Slot[]> = {
    clockwork: [{ where: 'Email to Clockwork support: the URL for the invitation_sent webhook', value: url }],
    clockwise_md: [
      { where: 'Clockwise.MD webhook URL (tell their support)', value: base },
      { where: 'Clockwise.MD header Authtoken', value: token },
      { where: 'Or, if they cannot add a header: the full URL', value: url },
    ],
    clarityflow: [{ where: 'Clarityflow: Settings → Integrations → Webhooks → URL', value: url }],
    clarky: [
      { where: 'Clarky: your agent → Integrations → Webhooks → URL', value: base },
      { where: 'Clarky: Method', value: 'POST' },
      { where: 'Clarky: header Authorization', value: `Bearer ${token}` },
    ],
  };
  return byVendor[source.vendor];
}

export function SourceSecret({ source, rotated }: { source: SourceWithSecret; rotated?: boolean }): JSX.Element {
  return (
    <section class="card secret" aria-labelledby="secret-title">
      <h2 id="secret-title">{rotated ? 'New token for' : 'Connect'} {source.vendor_name}: {source.name}</h2>
      <Alert kind="warning">
        Copy these now: the token is shown only once. If it is lost, rotate the token to get a new one.
      </Alert>
      <CopyField id="ingest-url" label="Ingest URL (token in the path)" value={source.ingest_url} />
      <CopyField id="ingest-base-url" label="Ingest base URL (for header forms)" value={source.ingest_base_url} />
      <CopyField id="ingest-token" label="Token" value={source.token} />
      <h3>Where each value goes</h3>
      <table class="table responsive">
        <thead>
          <tr>
            <th scope="col">Field in {source.vendor_name}</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span class="sr-only">Copy</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {slots(source).map((slot) => (
            <tr key={slot.where}>
              <td data-label="Field">{slot.where}</td>
              <td data-label="Value" class="mono break">
                {slot.value}
              </td>
              <td>
                <CopyButton text={slot.value} label={slot.where} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Set-up steps</h3>
      <ol class="steps">
        {source.setup_steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </section>
  );
}
