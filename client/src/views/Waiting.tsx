import { useStore } from '../store/useStore.ts';

/** Shown until the server's hello brings the fleet. */
export function Waiting() {
  const status = useStore((s) => s.status);
  // A recording that cannot be opened says why in the banner and the player; nothing is retried.
  const replayFailed = useStore((s) => s.error?.kind === 'replay');
  const failed = status === 'failed';
  return (
    <div className="waiting-page" aria-busy={!failed}>
      {failed ? null : <span className="spinner" aria-hidden="true" />}
      <p>
        {replayFailed
          ? 'No recording to show.'
          : failed
            ? 'Not connected to the telemetry server.'
            : status === 'replay'
              ? 'Opening the recording…'
              : status === 'connecting'
                ? 'Connecting to the telemetry server…'
                : 'The telemetry server is not reachable. Retrying automatically…'}
      </p>
    </div>
  );
}
