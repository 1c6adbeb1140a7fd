import { lazy, Suspense, useEffect } from 'react';
import { AppHeader } from './components/AppHeader.tsx';
import type { Route } from './router/parseRoute.ts';
import { useRoute } from './router/useRoute.ts';
import { useSourceMode } from './session/ReplayContext.tsx';
import { useConnectionLabel } from './store/useFreshness.ts';
import { useStore } from './store/useStore.ts';
import { FleetOverview } from './views/FleetOverview.tsx';
import { NotFound } from './views/NotFound.tsx';
import { SiteView } from './views/SiteView.tsx';

// Loaded on demand: only wall displays need it, and it keeps the first load of `/` small.
const WallView = lazy(() => import('./wall/WallView.tsx'));
// Executives open it for two minutes on a phone: its charts and figures load only on /exec.
const ExecView = lazy(() => import('./exec/ExecView.tsx'));

// Engineers only: the recordings list and the player's transport load when replay is used.
const ReplayPage = lazy(() => import('./replay/ReplayPage.tsx'));
const PlayerBar = lazy(() => import('./replay/PlayerBar.tsx'));

function pageTitle(route: Route, siteName: string | null | undefined): string {
  switch (route.name) {
    case 'fleet':
      return 'Fleet overview · Gigawatt';
    case 'site':
      // null: the fleet is known and has no such site.
      return siteName === null ? 'Site not found · Gigawatt' : `${siteName ?? route.siteId} · Gigawatt`;
    case 'wall':
      return 'Wall · Gigawatt';
    case 'planned':
      return 'Executive summary · Gigawatt';
    case 'replay':
      return route.rec ? 'Replay · Fleet overview · Gigawatt' : 'Recordings · Gigawatt';
    case 'notFound':
      return 'Not found · Gigawatt';
  }
}

function ErrorBanner() {
  const error = useStore((s) => s.error);
  if (!error) return null;
  const title =
    error.kind === 'replay'
      ? 'Cannot open the recording'
      : error.kind === 'protocol' || error.kind === 'payload'
        ? 'Incompatible server'
        : 'Not connected';
  return (
    <div className="banner banner-error" role="alert" data-error={error.kind}>
      <strong>{title}.</strong> {error.message}
    </div>
  );
}

/**
 * The tab title says when data is not live: useful for a background tab or a wall display's watcher.
 * Its own component: the connection label is recomputed every tick and every second, and that should
 * re-render this, not the whole page.
 */
function DocumentTitle({ route, siteName }: { route: Route; siteName: string | null | undefined }) {
  const label = useConnectionLabel();
  useEffect(() => {
    const base = pageTitle(route, siteName);
    document.title = label === 'LIVE' || label === 'REPLAY' ? base : `⚠ ${label} · ${base}`;
  }, [route, siteName, label]);
  return null;
}

/** The page's main region, dimmed (data-live) when data is not live; `children` keep their identity. */
function Main({ children }: { children: React.ReactNode }) {
  const label = useConnectionLabel();
  return (
    <main id="main" tabIndex={-1} data-live={label === 'LIVE' || label === 'REPLAY'}>
      <ErrorBanner />
      {children}
    </main>
  );
}

export function App() {
  const route = useRoute();
  const siteName = useStore((s) =>
    route.name === 'site' && s.index ? (s.index.site(route.siteId)?.name ?? null) : undefined,
  );
  const replaying = useSourceMode().kind !== 'live';

  if (route.name === 'wall') {
    // The kiosk owns the whole screen: no app bar, no navigation, nothing to click.
    return (
      <>
        <DocumentTitle route={route} siteName={siteName} />
        <Suspense fallback={<div className="wall-loading" />}>
          <WallView search={route.search} />
        </Suspense>
      </>
    );
  }

  let body: React.ReactNode;
  switch (route.name) {
    case 'fleet':
      body = <FleetOverview />;
      break;
    case 'site':
      body = <SiteView siteId={route.siteId} hall={route.hall} color={route.color} />;
      break;
    case 'planned':
      body = (
        <Suspense fallback={null}>
          <ExecView />
        </Suspense>
      );
      break;
    case 'replay':
      body = route.rec ? (
        <FleetOverview />
      ) : (
        <Suspense fallback={null}>
          <ReplayPage />
        </Suspense>
      );
      break;
    case 'notFound':
      body = <NotFound title="Page not found" detail={`There is no page at ${route.path}.`} />;
      break;
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <DocumentTitle route={route} siteName={siteName} />
      <AppHeader route={route} />
      <Main>{body}</Main>
      {replaying ? (
        <Suspense fallback={null}>
          <PlayerBar />
        </Suspense>
      ) : null}
    </>
  );
}
