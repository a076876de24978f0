/**
 * Event selection grouped by vendor. Stores patterns as the API does: exact types, `vendor.*`
 * (every type of that vendor, including types added later) or `*`.
 */
import type { JSX } from 'preact';
import { VENDORS } from '../api/catalog';
import type { EventType } from '../api/types';

interface Props {
  catalog: EventType[];
  value: string[];
  onChange: (patterns: string[]) => void;
  invalid: boolean;
}

export function EventPicker({ catalog, value, onChange, invalid }: Props): JSX.Element {
  const all = value.includes('*');
  const set = (pattern: string, on: boolean, drop: (p: string) => boolean = () => false): void => {
    const rest = value.filter((p) => p !== pattern && !drop(p));
    onChange(on ? [...rest, pattern] : rest);
  };
  return (
    <fieldset class={`events${invalid ? ' field-bad' : ''}`} aria-describedby="events-hint">
      <legend>Events</legend>
      <p class="hint" id="events-hint">
        Pick the events this webhook receives. "All events" of a vendor also covers event types the vendor adds later.
      </p>
      <label class="check">
        <input type="checkbox" checked={all} onChange={(e) => set('*', e.currentTarget.checked, () => e.currentTarget.checked)} />
        Every event from every vendor
      </label>
      {VENDORS.map((vendor) => {
        const types = catalog.filter((t) => t.vendor === vendor.id);
        const wildcard = `${vendor.id}.*`;
        const whole = all || value.includes(wildcard);
        const picked = whole ? types.length : types.filter((t) => value.includes(t.type)).length;
        return (
          <details key={vendor.id} class="vendor-events" open={picked > 0 && !all}>
            <summary>
              {vendor.name} <span class="muted small">{whole ? 'all events' : `${picked} of ${types.length}`}</span>
            </summary>
            <label class="check">
              <input type="checkbox" checked={whole} disabled={all} onChange={(e) => set(wildcard, e.currentTarget.checked, (p) => p.startsWith(`${vendor.id}.`))} />
              All {vendor.name} events
            </label>
            <ul class="type-list">
              {types.map((t) => (
                <li key={t.type}>
                  <label class="check" title={t.description}>
                    <input type="checkbox" checked={whole || value.includes(t.type)} disabled={whole} onChange={(e) => set(t.type, e.currentTarget.checked)} />
                    <span>
                      {t.title} <code class="small">{t.type}</code>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </fieldset>
  );
}
