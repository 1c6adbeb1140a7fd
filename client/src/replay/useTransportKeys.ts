import { useCallback } from 'react';
import type { PlaybackController } from '../sources/PlaybackController.ts';
import type { Flash } from './useFlash.ts';
import { useReplayShortcuts } from './useReplayShortcuts.ts';

/**
 * The transport's actions, on the keyboard too (space, ←/→ with shift for 10 s, [ ], L): returns
 * play/pause and alert stepping for the buttons.
 */
export function useTransportKeys(
  controller: PlaybackController,
  say: (f: Flash) => void,
  toggleLoop: () => void,
): { togglePlay: () => void; seekAlert: (dir: 1 | -1) => void } {
  const togglePlay = useCallback(() => {
    if (controller.playback.playing) controller.pause();
    else controller.play();
  }, [controller]);
  const seekAlert = useCallback(
    (dir: 1 | -1) => {
      if (!controller.seekAlert(dir)) say({ text: dir > 0 ? 'No later alert.' : 'No earlier alert.' });
    },
    [controller, say],
  );
  useReplayShortcuts(true, {
    togglePlay,
    step: (s) => controller.step(s),
    alert: seekAlert,
    toggleLoop,
  });
  return { togglePlay, seekAlert };
}
