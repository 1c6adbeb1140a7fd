import { Fragment, memo } from 'react';
import { downloadCsv } from '../components/downloadCsv.ts';
import { formatGpus, formatShare } from '../format/format.ts';
import type { ExecData } from './createExecData.ts';
import { gpuStateShares } from './execFigures.ts';
import { GpuMixBar } from './GpuMixBar.tsx';
import { siteMix, siteMixCsv } from './siteMix.ts';

interface SiteComparisonProps {
  data: ExecData;
  /** Re-renders when a fetch lands, not on every tick: period averages barely move second to second. */
  fetches: number;
  sites: readonly { siteId: string; scopeId: string; name: string }[];
  rangeText: string;
  fileStem: string;
}

const STATES = [
  { key: 'rented', label: 'Rented' },
  { key: 'internal', label: 'Internal' },
  { key: 'idle', label: 'Idle' },
  { key: 'failed', label: 'Failed' },
] as const;

/**
 * GPUs per site stacked by state, averaged over the range; bar length is the site's GPU count against
 * the largest site, so size and mix read together. Values are printed, so a tap is never needed.
 */
export const SiteComparison = memo(function SiteComparison({
  data,
  sites,
  rangeText,
  fileStem,
}: SiteComparisonProps) {
  const snap = data.getSnapshot();
  const rows = siteMix(snap, sites);
  const largest = Math.max(1, ...rows.map((r) => r.total));
  return (
    <figure className="xchart xcompare" data-chart="sites" data-points={rows.length}>
      <figcaption className="xchart-head">
        <div>
          <h3 className="xchart-title">GPUs by site</h3>
          <p className="xchart-note">Average over {rangeText}: rented, internal, idle and failed GPUs</p>
        </div>
        <button
          type="button"
          className="xbtn xbtn-small no-print"
          aria-label="Download GPUs by site data as CSV"
          data-csv="sites"
          disabled={rows.length === 0}
          onClick={() => downloadCsv(`${fileStem}.csv`, siteMixCsv(rows, snap.from, snap.to))}
        >
          CSV
        </button>
      </figcaption>
      <ul className="xlegend">
        {STATES.map((s) => (
          <li key={s.key}>
            <span className={`xswatch xmix-${s.key}`} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
      {rows.length === 0 ? <p className="xchart-waiting-inline">Loading history…</p> : null}
      <ol className="xcompare-rows">
        {rows.map((r) => {
          const sh = gpuStateShares(r);
          return (
            <li key={r.siteId} className="xcompare-row" data-site={r.siteId}>
              <div className="xcompare-head">
                <span className="xcompare-name">{r.name}</span>
                <span className="num xcompare-total">{formatGpus(r.total)}</span>
              </div>
              <GpuMixBar {...r} scale={r.total / largest} label={`${r.name}, average over ${rangeText}`} />
              <p className="xcompare-shares num">
                {STATES.map((s, i) => (
                  <Fragment key={s.key}>
                    {i > 0 ? <span className="xcompare-sep"> · </span> : null}
                    <span className="xcompare-share">
                      {s.label} {formatShare(sh[s.key], s.key === 'failed' ? 2 : 1)}
                    </span>
                  </Fragment>
                ))}
              </p>
            </li>
          );
        })}
      </ol>
    </figure>
  );
});
