/**
 * Hash routing (`#/hooks/hook_…?status=failed`): the relay serves one page at /admin/, so every
 * view is reachable, bookmarkable and reloadable without server-side routes.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** Path segments, e.g. `['hooks', 'hook_01…']`. */
  parts: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const [path = '', search = ''] = text.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = (): void => setRoute(parseHash(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** `#/logs?hook=…` from a path and params (empty values dropped). */
export function href(path: string, params: Record<string, string | undefined | null> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export function navigate(to: string): void {
  location.hash = to.replace(/^#/, '');
}
