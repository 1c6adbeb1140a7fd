import { useStore } from '../store/useStore.ts';
import { ExecPage } from './ExecPage.tsx';
import './exec.css';

/**
 * `/exec`: the executive view (issue 4). Reads its state from the URL; loaded on demand, so nothing of
 * it weighs on the first load of the other pages.
 */
export default function ExecView() {
  const fleet = useStore((s) => s.fleet);
  const index = useStore((s) => s.index);
  const status = useStore((s) => s.status);
  if (!fleet || !index) {
    return (
      <div className="xwaiting" aria-busy={status !== 'failed'}>
        {status === 'failed' ? null : <span className="xspinner" aria-hidden="true" />}
        <p>
          {status === 'failed'
            ? 'Not connected to the telemetry server.'
            : 'Connecting to the telemetry server…'}
        </p>
      </div>
    );
  }
  return <ExecPage fleet={fleet} index={index} />;
}
