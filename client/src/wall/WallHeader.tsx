import { memo, type ReactNode } from 'react';
import { ConnectionIndicator } from '../components/ConnectionIndicator.tsx';
import { formatClock, formatDuration, formatZone } from '../format/format.ts';
import { formatDate, formatHms } from '../format/formatReplay.ts';
import { usePlayhead } from '../session/ReplayContext.tsx';
import { useServerNow } from '../store/useFreshness.ts';
import { useNow } from '../store/useNow.ts';

export interface WallPageInfo {
  id: string;
  name: string;
}

interface WallHeaderProps {
  title: string;
  /** Text, or a leaf component that keeps its own figures up to date. */
  subtitle: ReactNode;
  /** The subtitle's figures are frozen (a feed stopped): greyed, as the site panels are. */
  subtitleStale?: boolean;
  pages: readonly WallPageInfo[];
  index: number;
  nextAt: number | null;
}

function Logo() {
  return (
    <svg className="wall-logo" viewBox="0 0 32 32" width="1em" height="1em" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#1b2533" />
      <path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#e69f00" />
    </svg>
  );
}

/** The countdown to the next page: the only part of the indicator that follows the clock. */
function NextIn({ name, nextAt }: { name: string; nextAt: number }) {
  const left = Math.max(0, nextAt - useNow());
  return <>{`Next: ${name}${left >= 1000 ? ` in ${formatDuration(left)}` : ''}`}</>;
}

/** Where the rotation is and what comes next: information, not a control (nothing to click). */
function PageIndicator({ pages, index, nextAt }: Pick<WallHeaderProps, 'pages' | 'index' | 'nextAt'>) {
  if (pages.length < 2 && nextAt === null) return null;
  const next = pages[(index + 1) % pages.length];
  return (
    <div className="wall-pages">
      <ol className="wall-pages-list" aria-label={`Page ${index + 1} of ${pages.length}`}>
        {pages.map((p, i) => (
          <li key={p.id} aria-current={i === index ? 'page' : undefined} data-page={p.id}>
            {p.name}
          </li>
        ))}
      </ol>
      <span className="wall-pages-next num" data-next={nextAt === null ? '' : next?.id}>
        {nextAt === null || !next ? 'Pinned' : <NextIn name={next.name} nextAt={nextAt} />}
      </span>
    </div>
  );
}

/** The server's clock (or a replay's playhead): a leaf, so the header does not re-render every second. */
function WallClock() {
  const serverNow = useServerNow();
  // A drill replays a recording: the clock is the playhead, with its date (it is not today).
  const playhead = usePlayhead();
  return playhead !== null ? (
    <time
      className="wall-clock wall-replay-clock num"
      dateTime={new Date(playhead).toISOString()}
      data-playhead={playhead}
    >
      <span className="wall-replay-date">{formatDate(playhead)}</span> {formatHms(playhead)}{' '}
      <span className="wall-clock-zone">{formatZone(playhead)}</span>
    </time>
  ) : (
    <time className="wall-clock num" dateTime={new Date(serverNow).toISOString()}>
      {formatClock(serverNow)} <span className="wall-clock-zone">{formatZone(serverNow)}</span>
    </time>
  );
}

/** Brand, the page's name, the rotation, the server's clock and LIVE / RECONNECTING / STALE. */
export const WallHeader = memo(function WallHeader({
  title,
  subtitle,
  subtitleStale = false,
  pages,
  index,
  nextAt,
}: WallHeaderProps) {
  return (
    <header className="wall-header">
      <div className="wall-brand">
        <Logo />
        <span className="wall-brand-name">Gigawatt</span>
      </div>
      <div className="wall-title-block">
        <h1 className="wall-title">{title}</h1>
        <p className={`wall-subtitle${subtitleStale ? ' is-stale' : ''}`} data-stale={subtitleStale}>
          {subtitle}
        </p>
      </div>
      <PageIndicator pages={pages} index={index} nextAt={nextAt} />
      <WallClock />
      <ConnectionIndicator className="wall-conn" />
    </header>
  );
});
