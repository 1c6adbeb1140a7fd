import type { FleetConfig, FleetIndex } from '@gigawatt/shared';
import { useCallback, useMemo } from 'react';
import { useLocationSearch } from '../router/useLocationSearch.ts';
import type { Scope } from './buildScopeSeries.ts';
import { ExecControls } from './ExecControls.tsx';
import { ExecTrends } from './ExecTrends.tsx';
import { FIGURE_IDS, parseExecUrl, rangeLabel } from './execUrl.ts';
import { LiveHeadline } from './LiveHeadline.tsx';
import { LiveMeta } from './LiveMeta.tsx';
import { LiveSites } from './LiveSites.tsx';
import { PriceNote } from './PriceNote.tsx';
import { useExecData, useExecStatus } from './useExecData.ts';

/** The executive view for a known fleet: state from the URL, data for the range, then the page. */
export function ExecPage({ fleet, index }: { fleet: FleetConfig; index: FleetIndex }) {
  const search = useLocationSearch();
  const allIds = useMemo(() => fleet.sites.map((s) => s.id), [fleet]);
  const { state, problems } = useMemo(() => parseExecUrl(search, allIds), [search, allIds]);
  const siteKey = (state.sites ?? allIds).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the selection, not the array's identity.
  const { siteIds, rollup, siteScopes } = useMemo(() => {
    const ids = state.sites ?? allIds;
    const name = (id: string) => index.site(id)?.name ?? id;
    const rollup: Scope = {
      id: 'fleet',
      siteIds: ids,
      label: ids.length === allIds.length ? 'Fleet' : ids.map(name).join(' + '),
    };
    const siteScopes: Scope[] = ids.map((id) => ({ id: `site:${id}`, siteIds: [id], label: name(id) }));
    return { siteIds: ids, rollup, siteScopes };
  }, [siteKey, index, allIds]);
  const scopes = useMemo(() => [rollup, ...siteScopes], [rollup, siteScopes]);
  const data = useExecData(fleet, index, state.range, scopes);
  const { status, error, fetches } = useExecStatus(data);
  const shown = useMemo(() => new Set(state.figures ?? FIGURE_IDS), [state.figures]);
  const rangeText = rangeLabel(state.range);
  const live = state.range.kind === 'preset';
  const shownWindow = useCallback(() => {
    const s = data.getSnapshot();
    return { from: s.from, to: s.to };
  }, [data]);

  return (
    <div
      className="exec"
      data-status={status}
      data-range={live ? state.range.kind === 'preset' && state.range.preset : 'custom'}
    >
      <header className="xhead">
        <h1 className="xtitle">Executive summary</h1>
        <LiveMeta fleetName={fleet.name} scopeLabel={rollup.label} range={state.range} />
      </header>
      <ExecControls state={state} fleet={fleet} shownWindow={shownWindow} />
      {problems.length > 0 ? (
        <p className="xnotice" role="note">
          Part of this link was not understood: {problems.join('; ')}.
        </p>
      ) : null}
      {status === 'error' ? (
        <p className="xnotice xnotice-error" role="alert">
          History is not available right now ({error}). Figures for now stay live.{' '}
          <button type="button" className="xbtn xbtn-small" onClick={() => data.refetch()}>
            Retry
          </button>
        </p>
      ) : null}
      <LiveHeadline
        index={index}
        rollup={rollup}
        scopes={scopes}
        fileStem={`gigawatt-exec-figures-${state.range.kind === 'preset' ? state.range.preset : 'custom'}`}
        siteIds={siteIds}
        shown={shown}
        data={data}
        rangeText={rangeText}
      />
      <ExecTrends
        fleet={fleet}
        rollup={rollup}
        sites={siteScopes}
        data={data}
        fetches={fetches}
        rangeText={live ? `last ${rangeText}` : rangeText}
        rangeSlug={state.range.kind === 'preset' ? state.range.preset : 'custom'}
      />
      <LiveSites
        fleet={fleet}
        index={index}
        rollup={rollup}
        siteIds={siteIds}
        shown={shown}
        data={data}
        rangeText={rangeText}
      />
      <PriceNote fleet={fleet} />
    </div>
  );
}
