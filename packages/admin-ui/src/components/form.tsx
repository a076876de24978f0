/** Form plumbing: an error from the relay shown at the top and next to the field it names. */
import type { ComponentChildren, JSX } from 'preact';
import { ApiError, messageOf } from '../api/client';
import { Alert } from './ui';

export interface FormError {
  message: string;
  field?: string;
}

export function toFormError(err: unknown): FormError {
  return err instanceof ApiError && err.field ? { message: err.message, field: err.field } : { message: messageOf(err) };
}

/** Whether the relay's error names this field (or one inside it, like `auth.token` or `filter["a"]`). */
export function names(error: FormError | null, field: string): boolean {
  const named = error?.field;
  return named !== undefined && (named === field || named.startsWith(`${field}.`) || named.startsWith(`${field}[`));
}

export function Field(props: { id: string; label: string; hint?: ComponentChildren; error: FormError | null; field?: string; children: ComponentChildren; optional?: boolean }): JSX.Element {
  const bad = props.field ? names(props.error, props.field) : false;
  return (
    <div class={`field${bad ? ' field-bad' : ''}`}>
      <label for={props.id}>
        {props.label}
        {props.optional ? <span class="muted"> (optional)</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {bad ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error?.message}
        </p>
      ) : null}
    </div>
  );
}

export function FormAlert({ error }: { error: FormError | null }): JSX.Element | null {
  if (!error) return null;
  return (
    <Alert>
      <strong>Not saved.</strong> {error.message}
    </Alert>
  );
}
