export const PLAYER_ICONS = {
  play: 'M4 2.5v11L13.5 8z',
  pause: 'M4 2.5h3v11H4zM9 2.5h3v11H9z',
  back: 'M10 3 5 8l5 5',
  fwd: 'm6 3 5 5-5 5',
  prevAlert: 'M3 3v10M13 3 6 8l7 5z',
  nextAlert: 'M13 3v10M3 3l7 5-7 5z',
  link: 'M6.5 9.5a3 3 0 0 0 4.2 0l2.1-2.1a3 3 0 0 0-4.2-4.2L7.5 4.3M9.5 6.5a3 3 0 0 0-4.2 0L3.2 8.6a3 3 0 0 0 4.2 4.2l1.1-1.1',
  csv: 'M8 2v8m-3.5-3L8 10.5 11.5 7M2.5 13.5h11',
  note: 'M3 1.5v13M3.5 2h9l-2.2 3.2 2.2 3.3h-9',
  live: 'M8 8m-2.5 0a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0M3.2 3.2a6.8 6.8 0 0 0 0 9.6M12.8 3.2a6.8 6.8 0 0 1 0 9.6',
};

/** A player button's icon (decorative: the button carries the name). */
export function PlayerIcon({ d, fill = false }: { d: string; fill?: boolean }) {
  return (
    <svg className="pl-icon" width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d={d}
        fill={fill ? 'currentColor' : 'none'}
        stroke={fill ? 'none' : 'currentColor'}
        strokeWidth="1.7"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
