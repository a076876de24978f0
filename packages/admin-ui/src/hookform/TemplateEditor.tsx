/**
 * The payload template: JSON with `{{path}}` placeholders. Variables from the sample event are
 * inserted at the caret; the relay checks the JSON as you type and renders it on the sample.
 */
import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { prettyJson } from '../format';
import { insertAt } from './paths';
import type { PreviewState } from './usePreview';

interface Props {
  enabled: boolean;
  text: string;
  onEnabled: (on: boolean) => void;
  onText: (text: string) => void;
  paths: string[];
  preview: PreviewState;
}

export const STARTER_TEMPLATE = '{\n  "text": "{{person.first_name}} {{person.last_name}}: {{type}}",\n  "event_id": "{{id}}",\n  "data": {{data}}\n}';

export function TemplateEditor({ enabled, text, onEnabled, onText, paths, preview }: Props): JSX.Element {
  const area = useRef<HTMLTextAreaElement>(null);
  const [variable, setVariable] = useState('person.email');
  const insert = (): void => {
    const el = area.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = insertAt(text, start, end, `{{${variable}}}`);
    onText(next.text);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };
  const problem = preview.preview?.template_error ?? null;
  return (
    <fieldset>
      <legend>Payload</legend>
      <div class="radio-row">
        <label class="check">
          <input type="radio" name="payload-mode" checked={!enabled} onChange={() => onEnabled(false)} />
          The normalized event as is
        </label>
        <label class="check">
          <input type="radio" name="payload-mode" checked={enabled} onChange={() => onEnabled(true)} />
          A custom payload (template)
        </label>
      </div>
      {enabled ? (
        <>
          <p class="hint" id="template-hint">
            JSON with <code>{'{{path}}'}</code> placeholders. Inside quotes a value is inserted as text; outside, as JSON (objects, numbers, null).
          </p>
          <div class="insert-row">
            <label for="template-variable">Variable</label>
            <select id="template-variable" value={variable} onChange={(e) => setVariable(e.currentTarget.value)}>
              {paths.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <button type="button" class="btn btn-small" onClick={insert}>
              Insert variable
            </button>
          </div>
          <label for="payload-template" class="sr-only">
            Payload template
          </label>
          <textarea
            id="payload-template"
            ref={area}
            class="mono"
            rows={9}
            spellcheck={false}
            value={text}
            aria-describedby="template-hint template-status"
            aria-invalid={problem ? true : undefined}
            onInput={(e) => onText(e.currentTarget.value)}
          />
          <p id="template-status" class={problem ? 'field-error' : 'ok small'} aria-live="polite">
            {preview.busy ? 'Checking…' : problem ? problem.message : preview.preview ? 'Valid JSON template.' : ''}
          </p>
        </>
      ) : null}
      {preview.error ? <p class="field-error">{preview.error}</p> : null}
      {preview.preview && preview.preview.body !== null ? (
        <details class="preview" open={enabled}>
          <summary>
            Preview on a sample <code>{preview.preview.event.type}</code> event
          </summary>
          <pre class="code" tabIndex={0} aria-label="Rendered payload preview" data-testid="template-preview">
            {prettyJson(preview.preview.body)}
          </pre>
        </details>
      ) : null}
    </fieldset>
  );
}
