import { useCallback, useRef, useState } from 'react';
import type { PlaybackController } from '../sources/PlaybackController.ts';

type Loop = { from: number; to: number };

export interface LoopMarks {
  /** The A mark, waiting for B. */
  pendingA: number | null;
  /** L: clears the loop, or closes A–B, or brings back the last loop, or loops the minute from here. */
  toggleLoop(): void;
  setA(t: number, loop: Loop | null): void;
  setB(t: number): void;
  clearLoop(loop: Loop | null): void;
}

/** The A–B loop as the player sets it: a pending A mark, and the last loop cleared (L brings it back). */
export function useLoopMarks(controller: PlaybackController): LoopMarks {
  const [pendingA, setPendingA] = useState<number | null>(null);
  const lastLoop = useRef<Loop | null>(null);

  const toggleLoop = useCallback(() => {
    const p = controller.playback;
    if (p.loop) {
      lastLoop.current = p.loop;
      controller.setLoop(null);
      return;
    }
    if (pendingA !== null && p.t !== pendingA) {
      controller.setLoop({ from: Math.min(pendingA, p.t), to: Math.max(pendingA, p.t) });
      setPendingA(null);
      return;
    }
    if (lastLoop.current) {
      controller.setLoop(lastLoop.current);
      return;
    }
    // Nothing marked yet: loop the minute from the playhead (the minute before it, at the very end).
    const { start, end } = p.recording;
    const from = Math.max(start, Math.min(p.t, end - 60_000));
    controller.setLoop({ from, to: Math.min(end, from + 60_000) });
  }, [controller, pendingA]);

  return {
    pendingA,
    toggleLoop,
    setA(t, loop) {
      if (loop) {
        lastLoop.current = loop;
        controller.setLoop(null);
      }
      setPendingA(t);
    },
    setB(t) {
      if (pendingA === null || pendingA === t) return;
      controller.setLoop({ from: Math.min(pendingA, t), to: Math.max(pendingA, t) });
      setPendingA(null);
    },
    clearLoop(loop) {
      if (loop) lastLoop.current = loop;
      controller.setLoop(null);
      setPendingA(null);
    },
  };
}
