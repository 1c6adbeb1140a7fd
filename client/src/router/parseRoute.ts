/** Every screen's state lives in its URL, so any screen can be shared as a link. */
export type RackColor = 'power' | 'temp' | 'coolant';
const RACK_COLORS: readonly RackColor[] = ['power', 'temp', 'coolant'];

export type Route =
  | { name: 'fleet' }
  | { name: 'site'; siteId: string; hall: string | null; color: RackColor }
  /** The kiosk; its options (rotate, page, sites, theme) are read by the wall itself. */
  | { name: 'wall'; search: string }
  | { name: 'planned'; path: '/exec' }
  /** The recordings list; with `rec=` the fleet overview of that recording, under the player. */
  | { name: 'replay'; rec: boolean }
  | { name: 'notFound'; path: string };

const PLANNED = new Set(['/exec']);

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Parses a pathname and query string (with or without the leading "?"). */
export function parseRoute(pathname: string, search = ''): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const q = new URLSearchParams(search);
  if (path === '/' || path === '' || path === '/index.html') return { name: 'fleet' };
  if (path === '/wall') return { name: 'wall', search: q.toString() };
  if (PLANNED.has(path)) return { name: 'planned', path: '/exec' };
  if (path === '/replay') return { name: 'replay', rec: q.has('rec') };
  const site = /^\/site\/([^/]+)$/.exec(path);
  if (site) {
    const siteId = decode(site[1]!);
    if (siteId === null || siteId === '') return { name: 'notFound', path: pathname };
    const hall = q.get('hall');
    return {
      name: 'site',
      siteId,
      hall: hall === null || hall === '' ? null : hall,
      color: RACK_COLORS.find((c) => c === q.get('color')) ?? 'power',
    };
  }
  return { name: 'notFound', path: pathname };
}

/** The canonical URL of a route; parameters at their default are left out to keep links short. */
export function formatRoute(route: Route): string {
  switch (route.name) {
    case 'fleet':
      return '/';
    case 'planned':
      return route.path;
    case 'replay':
      return '/replay';
    case 'wall':
      return route.search ? `/wall?${route.search}` : '/wall';
    case 'notFound':
      return route.path;
    case 'site': {
      const q = new URLSearchParams();
      if (route.hall) q.set('hall', route.hall);
      if (route.color !== 'power') q.set('color', route.color);
      const qs = q.toString();
      return `/site/${encodeURIComponent(route.siteId)}${qs ? `?${qs}` : ''}`;
    }
  }
}

export const siteHref = (siteId: string, hall?: string | null, color: RackColor = 'power'): string =>
  formatRoute({ name: 'site', siteId, hall: hall ?? null, color });
