/** Small building blocks shared by the pages. */
import type { ComponentChildren, JSX, TargetedInputEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ago, stamp } from '../format';

export function Time({ iso }: { iso: string | null | undefined }): JSX.Element {
  if (!iso) return <span class="muted">never</span>;
  return (
    <time dateTime={iso} title={stamp(iso)}>
      {ago(iso)}
    </time>
  );
}

const STATUS_LABEL: Record<string, string> = {
  succeeded: 'Delivered',
  failed: 'Failed',
  pending: 'Pending',
  cancelled: 'Cancelled',
  success: 'Success',
  retry: 'Failed, will retry',
  gone: 'Gone (410)',
  failed_permanent: 'Failed',
};

export function Badge({ status }: { status: string }): JSX.Element {
  return <span class={`badge badge-${status}`}>{STATUS_LABEL[status] ?? status}</span>;
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }): JSX.Element {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function Alert({ kind = 'error', children }: { kind?: 'error' | 'info' | 'success' | 'warning'; children: ComponentChildren }): JSX.Element {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }): JSX.Element {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }): JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" class="btn btn-small" onClick={copy} aria-label={`Copy ${label}`}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : 'Copy'}
    </button>
  );
}

/** A read-only value with a copy button, e.g. an ingest URL. */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }): JSX.Element {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} class="mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={value} label={label} />
      </div>
    </div>
  );
}

/** An on/off switch: a checkbox with the switch role, so screen readers say "on" or "off". */
export function Switch(props: { checked: boolean; label: string; onChange: (on: boolean) => void; disabled?: boolean; showLabel?: boolean }): JSX.Element {
  return (
    <label class="switch">
      <input type="checkbox" role="switch" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.checked)} aria-label={props.showLabel ? undefined : props.label} />
      <span class="switch-track" aria-hidden="true" />
      {props.showLabel ? <span>{props.label}</span> : <span class="switch-state">{props.checked ? 'On' : 'Off'}</span>}
    </label>
  );
}

/** A secret typed in a password field, with a control to show it while typing. */
export function SecretInput(props: { id: string; value: string; onInput: (v: string) => void; autoComplete?: string; required?: boolean; describedBy?: string }): JSX.Element {
  const [shown, setShown] = useState(false);
  const common = {
    id: props.id,
    class: 'mono',
    value: props.value,
    required: props.required,
    autoComplete: props.autoComplete ?? 'off',
    spellcheck: false,
    'aria-describedby': props.describedBy,
    onInput: (e: TargetedInputEvent<HTMLInputElement>) => props.onInput(e.currentTarget.value),
  };
  return (
    <div class="copy-row">
      {shown ? <input type="text" {...common} /> : <input type="password" {...common} />}
      <button type="button" class="btn btn-small" aria-pressed={shown} aria-controls={props.id} onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
    </div>
  );
}

/** A button that asks first, in a modal dialog (Escape or Cancel backs out). */
export function ConfirmButton(props: { label: string; question: string; confirm: string; onConfirm: () => void; danger?: boolean; small?: boolean }): JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null);
  const cls = `btn${props.small ? ' btn-small' : ''}${props.danger ? ' btn-danger' : ''}`;
  return (
    <>
      <button type="button" class={cls} onClick={() => dialog.current?.showModal()}>
        {props.label}
      </button>
      <dialog ref={dialog} class="dialog" aria-label={props.label}>
        <form method="dialog">
          <p>{props.question}</p>
          <div class="actions">
            <button class="btn" value="cancel" autofocus>
              Cancel
            </button>
            <button class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`} value="ok" onClick={() => props.onConfirm()}>
              {props.confirm}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** Focuses the page heading when a page opens, so keyboard and screen-reader users land on it. */
export function PageTitle({ children, actions }: { children: ComponentChildren; actions?: ComponentChildren }): JSX.Element {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div class="page-head">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {actions ? <div class="actions">{actions}</div> : null}
    </div>
  );
}

export function Json({ value, label }: { value: unknown; label: string }): JSX.Element {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <pre class="code" tabIndex={0} aria-label={label}>
      {text}
    </pre>
  );
}
