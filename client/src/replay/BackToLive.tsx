import { navigate } from '../router/navigation.ts';
import { hrefWithReplay } from '../router/replayUrl.ts';
import { ButtonLabel } from './ButtonLabel.tsx';
import { PLAYER_ICONS, PlayerIcon } from './PlayerIcon.tsx';

/** Leaves replay: the same page, live, without rec/t/speed/loop. */
export function backToLive(): void {
  const l = window.location;
  navigate(hrefWithReplay(`${l.pathname}${l.search}${l.hash}`, null), { keepReplay: false });
  // The button just pressed leaves with the player: without this, keyboard focus falls to <body> and a
  // screen reader user is lost at the top of nothing. The page's main region takes it.
  const button = document.activeElement;
  let tries = 0;
  const land = () => {
    const active = document.activeElement;
    // Focus went somewhere on purpose (the user moved on): leave it.
    if (active && active !== document.body && active !== button) return;
    if (active === button && button?.isConnected) {
      // The player has not unmounted yet (the switch to live renders next frame).
      if (++tries < 20) setTimeout(land, 50);
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  };
  requestAnimationFrame(land);
}

export function BackToLive() {
  return (
    <button type="button" className="button pl-live" onClick={backToLive}>
      <PlayerIcon d={PLAYER_ICONS.live} /> <ButtonLabel long="Back to live" short="Live" />
    </button>
  );
}
