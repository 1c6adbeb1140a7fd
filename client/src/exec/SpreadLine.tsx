import type { FleetIndex } from '@gigawatt/shared';
import { type SpreadInput, spreadAcross } from './execFigures.ts';

interface SpreadLineProps {
  /** The figure per site, now. */
  values: readonly SpreadInput[];
  index: FleetIndex;
  format: (v: number) => string;
  /** Which end is bad: the site there is named as the one to look at. */
  worse: 'low' | 'high' | null;
  /** "Utilization", "Headroom": what the spread is of, when it differs from the card's figure. */
  of?: string;
  metric: string;
}

/**
 * The spread of a figure across sites (min–max, with names) and the site at the bad end, so one site
 * in trouble cannot hide behind a good average.
 */
export function SpreadLine({ values, index, format, worse, of, metric }: SpreadLineProps) {
  const s = spreadAcross(values, worse ?? 'low');
  if (!s || s.n < 2) return null;
  const name = (id: string) => index.site(id)?.name ?? id;
  // Sites that read the same at this precision have no worst one to name.
  const flag = worse !== null && format(s.min) !== format(s.max);
  return (
    <p
      className="xspread"
      data-spread={metric}
      data-min={s.min}
      data-max={s.max}
      data-worst={flag ? s.worstId : ''}
    >
      <span className="xspread-label">{of ? `${of} by site` : 'By site'}: </span>
      <span className="num">
        {format(s.min)} <span className="xspread-site">{name(s.minId)}</span> – {format(s.max)}{' '}
        <span className="xspread-site">{name(s.maxId)}</span>
      </span>
      {flag ? (
        <>
          {' · '}
          <span className="xworst">
            <span aria-hidden="true">⚠ </span>
            {worse === 'low' ? 'lowest' : 'highest'}: {name(s.worstId)}
          </span>
        </>
      ) : null}
    </p>
  );
}
