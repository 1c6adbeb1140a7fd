import { Link } from '../router/Link.tsx';
import { type Route, siteHref } from '../router/parseRoute.ts';
import { useStore } from '../store/useStore.ts';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="1.6em" height="1.6em" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#1b2533" />
      <path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#e69f00" />
    </svg>
  );
}

export function AppHeader({ route }: { route: Route }) {
  const fleet = useStore((s) => s.fleet);
  const active = route.name === 'site' ? route.siteId : route.name === 'fleet' ? '' : null;
  return (
    <header className="appbar">
      <Link href="/" className="brand" aria-label="Gigawatt: fleet overview">
        <Logo />
        <span className="brand-name">Gigawatt</span>
      </Link>
      <nav aria-label="Sites" className="appnav">
        <Link href="/" aria-current={active === '' ? 'page' : undefined}>
          Fleet
        </Link>
        {fleet?.sites.map((s) => (
          <Link key={s.id} href={siteHref(s.id)} aria-current={active === s.id ? 'page' : undefined}>
            {s.name}
          </Link>
        ))}
        {/* The other audiences' views: the boardroom summary and the ops-room kiosk. */}
        <Link
          href="/exec"
          className="appnav-view"
          aria-current={route.name === 'planned' ? 'page' : undefined}
        >
          Executive
        </Link>
        <Link href="/wall" className="appnav-view">
          Wall
        </Link>
        {/* The recordings list (leaves replay mode: opening another recording starts from it). */}
        <Link
          href="/replay"
          keepReplay={false}
          className="appnav-replay"
          aria-current={route.name === 'replay' && !route.rec ? 'page' : undefined}
        >
          Replay
        </Link>
      </nav>
      <ConnectionIndicator />
    </header>
  );
}
