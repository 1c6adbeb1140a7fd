import { formatHms } from '../format/formatReplay.ts';
import { momentLink } from '../router/momentLink.ts';
import { LOCAL_REC } from '../router/replayUrl.ts';
import type { PlaybackController, PlaybackState } from '../sources/PlaybackController.ts';
import { ButtonLabel } from './ButtonLabel.tsx';
import { exportWindow } from './exportWindow.ts';
import { PLAYER_ICONS, PlayerIcon } from './PlayerIcon.tsx';
import { useExportCsv } from './useExportCsv.ts';
import type { Flash } from './useFlash.ts';

export interface PlayerActionsProps {
  controller: PlaybackController;
  state: PlaybackState;
  rec: string;
  local: boolean;
  say: (f: Flash, ms?: number) => void;
  onAddNote: () => void;
}

/** Copy a link to this moment, export the window as CSV, add a note. */
export function PlayerActions({ controller, state, rec, local, say, onAddNote }: PlayerActionsProps) {
  const { exporting, exportCsv } = useExportCsv(controller, local, say);
  const { recording } = state;
  const win = exportWindow(state);

  const copyLink = async () => {
    const link = momentLink(rec, controller.playback);
    try {
      await navigator.clipboard.writeText(link);
      say({ text: 'Link to this moment copied.', link }, 8000);
    } catch {
      // No clipboard (permissions, an old browser): show the link to copy by hand.
      say({ text: 'Copy this link:', link }, 20000);
    }
  };

  return (
    <div className="pl-group pl-actions">
      <button
        type="button"
        className="button pl-btn"
        onClick={copyLink}
        disabled={rec === LOCAL_REC}
        title={rec === LOCAL_REC ? 'A local file cannot be opened from a link' : undefined}
      >
        <PlayerIcon d={PLAYER_ICONS.link} /> <ButtonLabel long="Copy link to this moment" short="Link" />
      </button>
      <button
        type="button"
        className="button pl-btn"
        onClick={exportCsv}
        disabled={exporting}
        aria-label={`Export window (CSV): ${formatHms(win.from)}–${formatHms(win.to)}`}
      >
        <PlayerIcon d={PLAYER_ICONS.csv} />{' '}
        <ButtonLabel long={exporting ? 'Exporting…' : 'Export window (CSV)'} short="CSV" />
      </button>
      <button
        type="button"
        className="button pl-btn"
        onClick={onAddNote}
        disabled={local || recording.id === undefined}
        title={local ? 'Notes are kept on the server; a local file cannot take them' : undefined}
      >
        <PlayerIcon d={PLAYER_ICONS.note} /> <ButtonLabel long="Add note" short="Note" />
      </button>
    </div>
  );
}
