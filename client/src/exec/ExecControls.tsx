import type { FleetConfig } from '@gigawatt/shared';
import { useState } from 'react';
import { navigate } from '../router/navigation.ts';
import { CustomRangeForm } from './CustomRangeForm.tsx';
import {
  type ExecUrlState,
  FIGURE_IDS,
  type FigureId,
  formatExecUrl,
  RANGE_PRESETS,
  type RangePreset,
} from './execUrl.ts';
import { ShareControls } from './ShareControls.tsx';

export const FIGURE_LABELS: Record<FigureId, string> = {
  revenue: 'Revenue',
  util: 'Utilization',
  gpus: 'GPU mix',
  idle: 'Idle capacity',
  power: 'Power',
  pue: 'PUE',
};

const PRESET_LABELS: Record<RangePreset, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d' };

interface ExecControlsProps {
  state: ExecUrlState;
  fleet: FleetConfig;
  /** The window shown now, read when asked (custom form defaults, the "this moment" link). */
  shownWindow: () => { from: number; to: number };
}

/** Range, sites and figures, all kept in the URL; then sharing and printing. */
export function ExecControls({ state, fleet, shownWindow }: ExecControlsProps) {
  const [custom, setCustom] = useState(state.range.kind === 'custom');
  const [filtersOpen, setFiltersOpen] = useState(false);
  const go = (next: ExecUrlState, replace = false) => navigate(formatExecUrl(next), { replace });
  const allSites = fleet.sites.map((s) => s.id);
  const sites = state.sites ?? allSites;
  const figures = state.figures ?? [...FIGURE_IDS];

  const toggleSite = (id: string) => {
    const next = sites.includes(id)
      ? sites.filter((s) => s !== id)
      : allSites.filter((s) => s === id || sites.includes(s));
    if (next.length === 0) return;
    go({ ...state, sites: next.length === allSites.length ? null : next }, true);
  };
  const toggleFigure = (id: FigureId) => {
    const next = figures.includes(id)
      ? figures.filter((f) => f !== id)
      : FIGURE_IDS.filter((f) => f === id || figures.includes(f));
    if (next.length === 0) return;
    go({ ...state, figures: next.length === FIGURE_IDS.length ? null : next }, true);
  };

  return (
    <div className="xcontrols no-print">
      <div className="xcontrols-row">
        <fieldset className="xseg" aria-label="Time range">
          {RANGE_PRESETS.map((p) => {
            const active = state.range.kind === 'preset' && state.range.preset === p;
            return (
              <button
                key={p}
                type="button"
                aria-pressed={active}
                data-range={p}
                onClick={() => {
                  setCustom(false);
                  go({ ...state, range: { kind: 'preset', preset: p } });
                }}
              >
                {PRESET_LABELS[p]}
              </button>
            );
          })}
          <button
            type="button"
            aria-pressed={state.range.kind === 'custom'}
            aria-expanded={custom}
            data-range="custom"
            onClick={() => setCustom((c) => !c)}
          >
            Custom…
          </button>
        </fieldset>
        <ShareControls state={state} window={shownWindow} />
      </div>
      {custom ? (
        <CustomRangeForm
          from={state.range.kind === 'custom' ? state.range.from : shownWindow().from}
          to={state.range.kind === 'custom' ? state.range.to : shownWindow().to}
          onApply={(f, t) => go({ ...state, range: { kind: 'custom', from: f, to: t } })}
        />
      ) : null}
      <details className="xfilters" open={filtersOpen} onToggle={(e) => setFiltersOpen(e.currentTarget.open)}>
        <summary className="xfilters-summary">
          <span className="xfilters-what">
            Sites:{' '}
            {state.sites
              ? state.sites.map((id) => fleet.sites.find((s) => s.id === id)?.name ?? id).join(', ')
              : `all ${allSites.length}`}
          </span>
          <span className="xfilters-what">
            Figures: {state.figures ? state.figures.map((f) => FIGURE_LABELS[f]).join(', ') : 'all'}
          </span>
          <span className="xfilters-edit">Change</span>
        </summary>
        <div className="xcontrols-row">
          <fieldset className="xchips" aria-label="Sites">
            <legend className="xchips-legend">Sites</legend>
            {fleet.sites.map((s) => (
              <button
                key={s.id}
                type="button"
                className="xchip"
                aria-pressed={sites.includes(s.id)}
                data-site-toggle={s.id}
                onClick={() => toggleSite(s.id)}
              >
                {s.name}
              </button>
            ))}
          </fieldset>
          <fieldset className="xchips" aria-label="Figures">
            <legend className="xchips-legend">Figures</legend>
            {FIGURE_IDS.map((f) => (
              <button
                key={f}
                type="button"
                className="xchip"
                aria-pressed={figures.includes(f)}
                data-figure-toggle={f}
                onClick={() => toggleFigure(f)}
              >
                {FIGURE_LABELS[f]}
              </button>
            ))}
          </fieldset>
        </div>
      </details>
    </div>
  );
}
