/** Filter conditions: rows for the usual case, JSON for `$or` and friends. */
import type { JSX } from 'preact';
import { OPS, type Op, type Row } from './filterRows';

export interface FilterState {
  mode: 'rows' | 'json';
  rows: Row[];
  json: string;
}

interface Props {
  value: FilterState;
  onChange: (value: FilterState) => void;
  /** Dotted paths of the sample event, offered as suggestions. */
  paths: string[];
  status: JSX.Element | null;
}

export function FilterEditor({ value, onChange, paths, status }: Props): JSX.Element {
  const setRow = (index: number, patch: Partial<Row>): void => onChange({ ...value, rows: value.rows.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  const needsValue = (op: Op): boolean => OPS.find((o) => o.op === op)?.needsValue ?? true;
  return (
    <fieldset>
      <legend>Filter conditions</legend>
      <p class="hint" id="filter-hint">
        Deliver only events where every condition holds. Paths are dotted, like <code>data.booking.status</code> or <code>person.email</code>. Numbers and true/false are compared as such; put text in quotes to compare it as text.
      </p>
      <div class="radio-row">
        <label class="check">
          <input type="radio" name="filter-mode" checked={value.mode === 'rows'} onChange={() => onChange({ ...value, mode: 'rows' })} />
          Conditions
        </label>
        <label class="check">
          <input type="radio" name="filter-mode" checked={value.mode === 'json'} onChange={() => onChange({ ...value, mode: 'json' })} />
          JSON (for <code>$or</code>, <code>$and</code>, <code>$options</code>)
        </label>
      </div>
      {value.mode === 'json' ? (
        <div class="field">
          <label for="filter-json">Filter as JSON</label>
          <textarea id="filter-json" class="mono" rows={5} spellcheck={false} value={value.json} aria-describedby="filter-hint" onInput={(e) => onChange({ ...value, json: e.currentTarget.value })} />
        </div>
      ) : (
        <>
          <datalist id="event-paths">
            {paths.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          {value.rows.length === 0 ? <p class="muted">No conditions: every selected event is delivered.</p> : null}
          {value.rows.map((row, i) => (
            <div class="filter-row" key={i} role="group" aria-label={`Condition ${i + 1}`}>
              <input aria-label={`Condition ${i + 1} path`} class="mono" list="event-paths" placeholder="data.booking.status" value={row.path} onInput={(e) => setRow(i, { path: e.currentTarget.value })} />
              <select aria-label={`Condition ${i + 1} operator`} value={row.op} onChange={(e) => setRow(i, { op: e.currentTarget.value as Op })}>
                {OPS.map((o) => (
                  <option key={o.op} value={o.op}>
                    {o.label}
                  </option>
                ))}
              </select>
              {needsValue(row.op) ? <input aria-label={`Condition ${i + 1} value`} class="mono" value={row.value} onInput={(e) => setRow(i, { value: e.currentTarget.value })} /> : <span />}
              <button type="button" class="btn btn-small" aria-label={`Remove condition ${i + 1}`} onClick={() => onChange({ ...value, rows: value.rows.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" class="btn btn-small" onClick={() => onChange({ ...value, rows: [...value.rows, { path: '', op: '$eq', value: '' }] })}>
            Add condition
          </button>
        </>
      )}
      {status}
    </fieldset>
  );
}
