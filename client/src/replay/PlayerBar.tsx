import { useEffect, useRef } from 'react';
import { navigate } from '../router/navigation.ts';
import { useSourceMode } from '../session/ReplayContext.tsx';
import { BackToLive } from './BackToLive.tsx';
import { ReplayNotices } from './ReplayNotices.tsx';
import { Transport } from './Transport.tsx';
import './player.css';

/**
 * The player, docked at the bottom of any view in replay mode: notices, then the transport of the open
 * recording (or what is happening while it opens or why it failed).
 */
export function PlayerBar() {
  const mode = useSourceMode();
  const ref = useRef<HTMLDivElement>(null);
  // The page keeps its last lines above the docked bar.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const set = () => root.style.setProperty('--player-h', `${el.offsetHeight}px`);
    set();
    const ro = new ResizeObserver(set);
    ro.observe(el);
    root.classList.add('has-player');
    return () => {
      ro.disconnect();
      root.classList.remove('has-player');
      root.style.removeProperty('--player-h');
    };
  }, []);
  return (
    <section ref={ref} className="player" aria-label="Recording playback" data-mode={mode.kind}>
      <ReplayNotices />
      {mode.kind === 'replay' ? (
        <Transport controller={mode.controller} rec={mode.rec} local={mode.local} />
      ) : (
        <div className="player-row player-pending">
          <p className="player-msg" role={mode.kind === 'failed' ? 'alert' : undefined}>
            {mode.kind === 'opening'
              ? `Opening recording ${mode.name}…`
              : mode.kind === 'failed'
                ? `Cannot open the recording: ${mode.message}`
                : ''}
          </p>
          <a className="button" href="/replay" onClick={(e) => goRecordings(e)}>
            Recordings
          </a>
          <BackToLive />
        </div>
      )}
    </section>
  );
}

function goRecordings(e: React.MouseEvent<HTMLAnchorElement>) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate('/replay', { keepReplay: false });
}

export default PlayerBar;
