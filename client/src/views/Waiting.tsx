import { useStore } from '../store/useStore.ts';

/** Shown until the server's hello brings the fleet. */
export function Waiting() {
  const status = useStore((s) => s.status);
  const failed = status === 'failed';
  return (
    <div className="waiting-page" aria-busy={!failed}>
      {failed ? null : <span className="spinner" aria-hidden="true" />}
      <p>
        {failed
          ? 'Not connected to the telemetry server.'
          : status === 'connecting'
            ? 'Connecting to the telemetry server…'
            : 'The telemetry server is not reachable. Retrying automatically…'}
      </p>
    </div>
  );
}
