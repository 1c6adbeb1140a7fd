import { useState } from 'react';
import { carryReplayParams } from '../router/replayUrl.ts';
import { type ExecUrlState, formatExecUrl } from './execUrl.ts';

interface ShareControlsProps {
  state: ExecUrlState;
  /** The window shown now, read at the click. */
  window: () => { from: number; to: number };
}

interface Copied {
  kind: 'view' | 'moment';
  url: string;
  ok: boolean;
}

/**
 * "Copy link" copies the view as it is in the URL (a live range stays live for whoever opens it);
 * "Copy link to this moment" pins the shown window with from/to. The link also appears in a read-only
 * field, selectable by hand when the clipboard is not available.
 */
export function ShareControls({ state, window: shown }: ShareControlsProps) {
  const [copied, setCopied] = useState<Copied | null>(null);
  const copy = async (kind: Copied['kind']) => {
    const { from, to } = shown();
    const next: ExecUrlState =
      kind === 'view'
        ? state
        : {
            ...state,
            range: { kind: 'custom', from: Math.floor(from / 1000) * 1000, to: Math.ceil(to / 1000) * 1000 },
          };
    // In replay mode the link names the recording and playhead too, so it opens the same replay.
    const url = `${window.location.origin}${carryReplayParams(formatExecUrl(next), window.location.search)}`;
    let ok = false;
    try {
      await navigator.clipboard.writeText(url);
      ok = true;
    } catch {
      // No clipboard (permissions, insecure origin): the field below shows the link to copy by hand.
    }
    setCopied({ kind, url, ok });
  };
  return (
    <div className="xshare">
      <button type="button" className="xbtn" onClick={() => void copy('view')} data-copy="view">
        Copy link
      </button>
      {state.range.kind === 'preset' ? (
        <button
          type="button"
          className="xbtn xbtn-quiet"
          onClick={() => void copy('moment')}
          data-copy="moment"
        >
          Link to this moment
        </button>
      ) : null}
      <button type="button" className="xbtn xbtn-quiet" onClick={() => window.print()}>
        Print
      </button>
      {copied ? (
        <div className="xshare-result" aria-live="polite">
          <span className="xshare-status">
            {copied.ok ? 'Copied' : 'Copy this link'}
            {copied.kind === 'moment' ? ' (fixed window)' : ''}:
          </span>
          <input
            className="xshare-link"
            readOnly
            value={copied.url}
            aria-label="Link to this view"
            data-link={copied.kind}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
    </div>
  );
}
