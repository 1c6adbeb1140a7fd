import { memo } from 'react';
import { downloadCsv } from '../components/downloadCsv.ts';
import type { Scope } from './buildScopeSeries.ts';
import { type ChartLineSpec, chartCsv, chartData } from './chartData.ts';
import type { ExecData } from './createExecData.ts';
import { FACILITY, GPU_STATES, HEADROOM, IDLE_REVENUE, PUE, REVENUE, UTIL } from './figureViews.ts';

const VIEWS = [REVENUE, IDLE_REVENUE, UTIL, ...GPU_STATES.map((s) => s.share), FACILITY, HEADROOM, PUE];

interface FiguresCsvButtonProps {
  data: ExecData;
  scopes: readonly Scope[];
  capOf: (scope: Scope) => number;
  fileStem: string;
}

/** Every sparkline's numbers (each figure of each scope over the range) as one CSV. */
export const FiguresCsvButton = memo(function FiguresCsvButton({
  data,
  scopes,
  capOf,
  fileStem,
}: FiguresCsvButtonProps) {
  const exportCsv = () => {
    const snap = data.getSnapshot();
    const specs: ChartLineSpec[] = scopes.flatMap((scope) =>
      VIEWS.map((view) => ({
        key: `${scope.id}:${view.metric}`,
        name: scope.label,
        scopeLabel: scope.label,
        view,
        scopeId: scope.id,
        capMw: capOf(scope),
        band: false,
      })),
    );
    downloadCsv(`${fileStem}.csv`, chartCsv(chartData(snap.spark, snap.from, snap.to, specs)));
  };
  return (
    <button
      type="button"
      className="xbtn xbtn-small no-print"
      onClick={exportCsv}
      data-csv="figures"
      aria-label="Download the trend of every figure as CSV"
    >
      CSV
    </button>
  );
});
