import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  memo,
  type ReactNode,
  useMemo,
  useSyncExternalStore,
} from 'react';
import { navigate, subscribeLocation } from './navigation.ts';
import { carryReplayParams } from './replayUrl.ts';

interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  href: string;
  replace?: boolean;
  /** False: the link leaves replay mode (otherwise it keeps the current recording and playhead). */
  keepReplay?: boolean;
  children: ReactNode;
}

const search = (): string => window.location.search;
const serverSearch = (): string => '';

/** An ordinary anchor (open in new tab, copy link all work) that navigates in-app on a plain click. */
/** Memoised: a table row re-rendered every tick passes its hall link the same href and name. */
export const Link = memo(function Link({
  href,
  replace,
  keepReplay = true,
  onClick,
  children,
  ...rest
}: LinkProps) {
  // In replay mode the anchor itself names the recording, so "open in new tab" stays in the replay.
  const current = useSyncExternalStore(subscribeLocation, search, serverSearch);
  // Memoised: panels holding links re-render every second, and parsing the query string each time
  // was a visible share of a live update's script (issue 13).
  const shown = useMemo(
    () => (keepReplay ? carryReplayParams(href, current) : href),
    [keepReplay, href, current],
  );
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(href, { replace, keepReplay });
    // A new page starts at the top, as a full navigation would.
    if (!replace) window.scrollTo(0, 0);
  };
  return (
    <a href={shown} onClick={handle} {...rest}>
      {children}
    </a>
  );
});
