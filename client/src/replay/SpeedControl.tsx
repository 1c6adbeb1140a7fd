import { formatSpeed } from '../format/formatReplay.ts';
import {
  MAX_SPEED,
  MIN_SPEED,
  PLAYBACK_SPEEDS,
  type PlaybackController,
} from '../sources/PlaybackController.ts';

/** The playback speed: the usual steps, plus the current speed if it is another one (from a link). */
export function SpeedControl({ controller, speed }: { controller: PlaybackController; speed: number }) {
  const speeds: number[] = PLAYBACK_SPEEDS.includes(speed as (typeof PLAYBACK_SPEEDS)[number])
    ? [...PLAYBACK_SPEEDS]
    : [...PLAYBACK_SPEEDS, speed].sort((a, b) => a - b);
  return (
    <label className="pl-speed">
      <span className="pl-label">Speed</span>
      <select
        value={speed}
        aria-label="Playback speed"
        onChange={(e) =>
          controller.setSpeed(Math.min(MAX_SPEED, Math.max(MIN_SPEED, Number(e.target.value))))
        }
      >
        {speeds.map((s) => (
          <option key={s} value={s}>
            {formatSpeed(s)}
          </option>
        ))}
      </select>
    </label>
  );
}
