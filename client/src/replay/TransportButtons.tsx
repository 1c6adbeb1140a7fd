import type { PlaybackController } from '../sources/PlaybackController.ts';
import { PLAYER_ICONS, PlayerIcon } from './PlayerIcon.tsx';

export interface TransportButtonsProps {
  controller: PlaybackController;
  playing: boolean;
  /** At the end with no loop, there is nothing to play. */
  canPlay: boolean;
  onTogglePlay: () => void;
  onSeekAlert: (dir: 1 | -1) => void;
}

/** Previous alert, back 1 s, play/pause, forward 1 s, next alert. */
export function TransportButtons({
  controller,
  playing,
  canPlay,
  onTogglePlay,
  onSeekAlert,
}: TransportButtonsProps) {
  return (
    <fieldset className="pl-group">
      <legend className="visually-hidden">Transport</legend>
      <button
        type="button"
        className="button pl-btn pl-alert-step"
        onClick={() => onSeekAlert(-1)}
        aria-label="Previous alert"
        title="Previous alert ( [ )"
      >
        <PlayerIcon d={PLAYER_ICONS.prevAlert} />
      </button>
      <button
        type="button"
        className="button pl-btn"
        onClick={() => controller.step(-1)}
        aria-label="Back 1 s"
        title="Back 1 second (←; shift: 10 s)"
      >
        <PlayerIcon d={PLAYER_ICONS.back} />
        <span className="pl-text">1 s</span>
      </button>
      <button
        type="button"
        className="button button-primary pl-btn pl-play"
        onClick={onTogglePlay}
        aria-label={playing ? 'Pause' : 'Play'}
        title={playing ? 'Pause (space)' : 'Play (space)'}
        data-playing={playing}
        disabled={!canPlay}
      >
        <PlayerIcon d={playing ? PLAYER_ICONS.pause : PLAYER_ICONS.play} fill />
      </button>
      <button
        type="button"
        className="button pl-btn"
        onClick={() => controller.step(1)}
        aria-label="Forward 1 s"
        title="Forward 1 second (→; shift: 10 s)"
      >
        <span className="pl-text">1 s</span>
        <PlayerIcon d={PLAYER_ICONS.fwd} />
      </button>
      <button
        type="button"
        className="button pl-btn pl-alert-step"
        onClick={() => onSeekAlert(1)}
        aria-label="Next alert"
        title="Next alert ( ] )"
      >
        <PlayerIcon d={PLAYER_ICONS.nextAlert} />
      </button>
    </fieldset>
  );
}
