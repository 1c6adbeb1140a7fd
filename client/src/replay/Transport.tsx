import { useCallback, useId, useState } from 'react';
import { usePlayback } from '../session/ReplayContext.tsx';
import type { PlaybackController } from '../sources/PlaybackController.ts';
import { BackToLive } from './BackToLive.tsx';
import { MoreTools } from './MoreTools.tsx';
import { NoteDialog } from './NoteDialog.tsx';
import { PlayheadTime } from './PlayheadTime.tsx';
import { Scrubber } from './Scrubber.tsx';
import { SpeedControl } from './SpeedControl.tsx';
import { TransportButtons } from './TransportButtons.tsx';
import { useFlash } from './useFlash.ts';
import { useLoopMarks } from './useLoopMarks.ts';
import { useTransportKeys } from './useTransportKeys.ts';

export interface TransportProps {
  controller: PlaybackController;
  rec: string;
  local: boolean;
}

/**
 * The transport of an open recording: buttons, playhead, speed, the scrubber, and the "More" tools
 * (loop, link, export, note). Every control is a real button with a label; keyboard: space, ←/→
 * (shift: 10 s), [ ], L.
 */
export function Transport({ controller, rec, local }: TransportProps) {
  const state = usePlayback(controller);
  const [flash, say] = useFlash();
  const marks = useLoopMarks(controller);
  const { togglePlay, seekAlert } = useTransportKeys(controller, say, marks.toggleLoop);
  const [noting, setNoting] = useState(false);
  const closeNote = useCallback(() => setNoting(false), []);
  // On a phone the loop, link, export and note tools (and alert stepping) fold behind "More".
  const [more, setMore] = useState(false);
  const toolsId = useId();

  if (!state) return null;
  const { t, playing, speed, loop, recording } = state;
  const atEnd = t >= recording.end;

  return (
    <>
      <div className="player-row player-main" data-more={more}>
        <TransportButtons
          controller={controller}
          playing={playing}
          canPlay={!(atEnd && !playing && !loop)}
          onTogglePlay={togglePlay}
          onSeekAlert={seekAlert}
        />
        <PlayheadTime t={t} />
        <SpeedControl controller={controller} speed={speed} />
        <p className="player-name" title={recording.name}>
          <span className="pl-rec-name">{recording.name}</span>
          {local ? <span className="pl-local"> · local file — link cannot be shared</span> : null}
        </p>
        <button
          type="button"
          className="button pl-btn pl-more"
          aria-expanded={more}
          aria-controls={toolsId}
          onClick={() => setMore((m) => !m)}
        >
          More
        </button>
        <BackToLive />
      </div>
      <Scrubber
        state={state}
        pendingA={marks.pendingA}
        onSeek={(x) => controller.seek(x)}
        onStep={(s) => controller.step(s)}
      />
      <MoreTools
        id={toolsId}
        open={more}
        controller={controller}
        state={state}
        rec={rec}
        local={local}
        marks={marks}
        flash={flash}
        say={say}
        onAddNote={() => setNoting(true)}
      />
      {noting && recording.id !== undefined ? (
        <NoteDialog
          recordingId={recording.id}
          t={t}
          loop={loop}
          onSaved={() => {
            void controller.refreshAnnotations();
            say({ text: 'Note saved.' });
          }}
          onClose={closeNote}
        />
      ) : null}
    </>
  );
}
