import type { PlaybackController, PlaybackState } from '../sources/PlaybackController.ts';
import { FlashMessage } from './FlashMessage.tsx';
import { LoopControls } from './LoopControls.tsx';
import { PlayerActions } from './PlayerActions.tsx';
import type { Flash } from './useFlash.ts';
import type { LoopMarks } from './useLoopMarks.ts';

export interface MoreToolsProps {
  /** The id the "More" button controls. */
  id: string;
  /** Unfolded (on a phone the row folds behind "More"; wider screens always show it). */
  open: boolean;
  controller: PlaybackController;
  state: PlaybackState;
  rec: string;
  local: boolean;
  marks: LoopMarks;
  flash: Flash;
  say: (f: Flash, ms?: number) => void;
  onAddNote: () => void;
}

/** The "More" row: the A–B loop, link, export and note tools, and the player's passing messages. */
export function MoreTools({
  id,
  open,
  controller,
  state,
  rec,
  local,
  marks,
  flash,
  say,
  onAddNote,
}: MoreToolsProps) {
  return (
    <div className="player-row player-tools" id={id} data-more={open}>
      <LoopControls t={state.t} loop={state.loop} marks={marks} />
      <PlayerActions
        controller={controller}
        state={state}
        rec={rec}
        local={local}
        say={say}
        onAddNote={onAddNote}
      />
      <FlashMessage flash={flash} />
    </div>
  );
}
