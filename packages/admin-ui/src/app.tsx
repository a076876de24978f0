/** The shell: session, navigation and the page for the current route. */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, setCsrf, whenSignedOut } from './api/client';
import type { SessionInfo, SignedOut } from './api/types';
import { Announcer } from './components/announce';
import { Alert, Loading } from './components/ui';
import { EventDetail } from './pages/EventDetail';
import { Events } from './pages/Events';
import { HookForm } from './pages/HookForm';
import { Hooks } from './pages/Hooks';
import { Logs } from './pages/Logs';
import { Overview } from './pages/Overview';
import { SignIn } from './pages/SignIn';
import { SourceDetail } from './pages/SourceDetail';
import { SourceNew } from './pages/SourceNew';
import { Sources } from './pages/Sources';
import { useRoute, type Route } from './router';

const NAV = [
  { path: '', label: 'Overview' },
  { path: 'sources', label: 'Sources' },
  { path: 'hooks', label: 'Outgoing webhooks' },
  { path: 'logs', label: 'Logs' },
  { path: 'events', label: 'Events' },
];

function page(route: Route): JSX.Element {
  const [section = '', id] = route.parts;
  switch (section) {
    case '':
      return <Overview />;
    case 'sources':
      return id === 'new' ? <SourceNew /> : id ? <SourceDetail key={id} id={id} /> : <Sources />;
    case 'hooks':
      return id === 'new' ? <HookForm key="new" /> : id ? <HookForm key={id} id={id} /> : <Hooks />;
    case 'logs':
      return <Logs route={route} />;
    case 'events':
      return id ? <EventDetail key={id} id={id} /> : <Events route={route} />;
    default:
      return <Alert kind="warning">There is no page "{section}". Pick one from the menu above.</Alert>;
  }
}

export function App(): JSX.Element {
  const route = useRoute();
  const [session, setSession] = useState<SessionInfo | null | 'checking'>('checking');
  const [reason, setReason] = useState<string | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);

  const signedIn = (info: SessionInfo): void => {
    setCsrf(info.csrf_token ?? null);
    setSession(info);
    setReason(null);
  };
  useEffect(() => {
    whenSignedOut((why) => {
      setCsrf(null);
      setSession(null);
      setReason(why);
    });
    api<SessionInfo | SignedOut>('GET', '/session').then(
      (info) => {
        if (info.signed_in) signedIn(info);
        else {
          setSession(null);
          setReason(info.reason);
        }
      },
      (err: unknown) => setFatal(messageOf(err)),
    );
  }, []);

  const signOut = async (): Promise<void> => {
    await api('DELETE', '/session').catch(() => undefined);
    setCsrf(null);
    setSession(null);
    setReason('You signed out.');
  };

  if (fatal) return <main class="signin"><Alert>{fatal}</Alert></main>;
  if (session === 'checking') return <main class="signin"><Loading what="Switchboard" /></main>;
  if (session === null) return <><SignIn reason={reason} onSignedIn={signedIn} /><Announcer /></>;

  const current = route.parts[0] ?? '';
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.querySelector<HTMLElement>('main h1')?.focus(); }}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">Switchboard</a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.path}>
                <a href={`#/${item.path}`} aria-current={current === item.path ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="muted small" title="The API key this session signed in with">key …{session.key.hint}</span>
          <button type="button" class="btn btn-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="content">
        {page(route)}
      </main>
      <Announcer />
    </>
  );
}
