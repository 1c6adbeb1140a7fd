import { useMemo } from 'react';
import { ConnectionIndicator } from '../components/ConnectionIndicator.tsx';
import { formatMw } from '../format/format.ts';
import { useStore } from '../store/useStore.ts';
import { FLEET_PAGE, parseWallOptions, planWall } from './parseWallOptions.ts';
import { useRotation } from './useRotation.ts';
import { useReloadWhen, useWallDocument } from './useWallDocument.ts';
import { WallAlerts } from './WallAlerts.tsx';
import { WallFleetPage } from './WallFleetPage.tsx';
import { WallHeader, type WallPageInfo } from './WallHeader.tsx';
import { WallSitePage } from './WallSitePage.tsx';
import './wall.css';

/** Until the first hello: still a wall (no controls), saying plainly what it waits for. */
function WallWaiting({ theme }: { theme: string }) {
  const error = useStore((s) => s.error);
  return (
    <div className="wall wall-waiting" data-theme={theme}>
      <ConnectionIndicator className="wall-conn" />
      <p className="wall-waiting-text">
        {error ? error.message : 'Connecting to the telemetry server… this screen fills in by itself.'}
      </p>
    </div>
  );
}

/**
 * `/wall`: the kiosk for an operations-room TV. No controls, menus or cursor; fits the screen at any
 * size; rotates fleet → each site (`?rotate=30s`) or stays on one page (`?page=ohio`); `?sites=` and
 * `?theme=light|contrast` are the other options.
 */
export function WallView({ search }: { search: string }) {
  const options = useMemo(() => parseWallOptions(search), [search]);
  useWallDocument(options.theme);
  const fleet = useStore((s) => s.fleet);
  const totals = useStore((s) => s.totals);
  const error = useStore((s) => s.error);
  const errorKind = error?.kind;
  useReloadWhen(errorKind === 'protocol' || errorKind === 'payload');
  const plan = useMemo(() => (fleet ? planWall(options, fleet) : null), [options, fleet]);
  const { index, nextAt } = useRotation(plan?.pages.length ?? 1, plan?.pinned ?? null, options.rotateMs);
  const pages = useMemo<WallPageInfo[]>(
    () =>
      plan && fleet
        ? plan.pages.map((id) => ({
            id,
            name: id === FLEET_PAGE ? 'Fleet' : (fleet.sites.find((s) => s.id === id)?.name ?? id),
          }))
        : [],
    [plan, fleet],
  );

  if (!fleet || !plan) return <WallWaiting theme={options.theme} />;
  const page = plan.pages[index] ?? FLEET_PAGE;
  const site = page === FLEET_PAGE ? undefined : fleet.sites.find((s) => s.id === page);
  const title = site ? site.name : fleet.name;
  const subtitle = site
    ? `${site.campus} · ${site.operator} · IT capacity ${formatMw(site.itCapacityMw)}`
    : `${plan.sites.length} of ${fleet.sites.length} sites · ${formatMw(totals?.facilityPowerMw)} now`;

  return (
    <div className="wall" data-theme={options.theme} data-page={page}>
      <WallHeader title={title} subtitle={subtitle} pages={pages} index={index} nextAt={nextAt} />
      <WallAlerts sites={options.sites ? plan.sites : null} />
      <main className="wall-body" key={page} data-wall-page={page}>
        {site ? <WallSitePage siteId={site.id} /> : <WallFleetPage sites={plan.sites} />}
      </main>
      {plan.warnings.length > 0 || error ? (
        <footer className="wall-warnings">
          {error ? (
            <p className="wall-error" data-error={error.kind}>
              Not connected: {error.message}
              {errorKind === 'auth' ? ' Retrying every 30 s.' : ''}
            </p>
          ) : null}
          {plan.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </footer>
      ) : null}
    </div>
  );
}

export default WallView;
