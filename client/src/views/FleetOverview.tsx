import { AlertLog } from '../components/AlertLog.tsx';
import { AlertStrip } from '../components/AlertStrip.tsx';
import { useStore } from '../store/useStore.ts';
import { FleetSummary } from './FleetSummary.tsx';
import { SitePanel } from './SitePanel.tsx';
import { Waiting } from './Waiting.tsx';

export function FleetOverview() {
  const fleet = useStore((s) => s.fleet);
  if (!fleet) return <Waiting />;
  return (
    <div className="overview">
      <h1 className="visually-hidden">{fleet.name}: fleet overview</h1>
      <AlertStrip />
      <FleetSummary />
      <div className="site-grid">
        {fleet.sites.map((s) => (
          <SitePanel key={s.id} site={s} />
        ))}
      </div>
      <AlertLog />
    </div>
  );
}
