/**
 * One polite live region for outcomes of actions ("Subscription switched off"), so screen
 * readers hear them; sighted users see the same text as a toast.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type Listener = (message: string) => void;
const listeners = new Set<Listener>();

export function announce(message: string): void {
  for (const listener of listeners) listener(message);
}

export function Announcer(): JSX.Element {
  const [message, setMessage] = useState('');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener: Listener = (text) => {
      setMessage(text);
      clearTimeout(timer);
      timer = setTimeout(() => setMessage(''), 5000);
    };
    // A message belongs to the page it was said on.
    const clear = (): void => setMessage('');
    listeners.add(listener);
    addEventListener('hashchange', clear);
    return () => {
      listeners.delete(listener);
      removeEventListener('hashchange', clear);
      clearTimeout(timer);
    };
  }, []);
  return (
    <div class={message ? 'toast toast-shown' : 'toast'} role="status" aria-live="polite">
      {message}
    </div>
  );
}
