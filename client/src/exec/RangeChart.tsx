import { memo, useEffect, useId, useRef } from 'react';
import { chartFrames } from '../charts/frameScheduler.ts';
import { niceRange } from '../charts/niceRange.ts';
import { downloadCsv } from '../components/downloadCsv.ts';
import { type ChartInk, PRINT_INK, SCREEN_INK } from './chartColors.ts';
import { bucketAt, type ChartLineSpec, chartCsv, chartData, type LineData } from './chartData.ts';
import type { ExecData } from './createExecData.ts';
import { type EChartsType, init, type TrendOption } from './execEcharts.ts';
import { isPrinting, subscribePrint } from './printMedia.ts';
import { formatMoment, rangeTickStep, rangeTicks, tickLabel } from './rangeTicks.ts';

export interface ChartLine extends ChartLineSpec {
  /** null: the fleet line, in the ink's foreground colour. */
  color: string | null;
  width?: number;
  dashed?: boolean;
}

export interface RangeChartProps {
  data: ExecData;
  chartId: string;
  title: string;
  /** One line under the title: what is drawn and how. */
  note: string;
  lines: readonly ChartLine[];
  /** Axis labels ("$800k", "80 %"). */
  axisFormat: (v: number) => string;
  refLine?: { value: number; label: string };
  floor?: number;
  /** "last 24 h": for the text alternative and the CSV file name. */
  rangeText: string;
  fileStem: string;
}

/**
 * The band is two stacked series (min, then max − min). ECharts stacks the first numeric dimension of
 * the data, which on a value x-axis would be time; so band points are [value, time].
 */
const BAND_DIMENSIONS = ['v', 't'];

/** The plot's size in print (exec.css: 44 × 30 mm at 96 px per inch). */
const PRINT_PLOT_PX = { width: Math.round((44 * 96) / 25.4), height: Math.round((30 * 96) / 25.4) };

/** Room the y-axis labels take from the plot; maxPoints stays under the plot's width in pixels. */
const AXIS_ALLOWANCE_PX = 64;

interface TooltipParam {
  axisValue?: unknown;
}

/**
 * A range chart: each line's bucket means, with the min–max band where the figure has one, over the
 * shown window. Created once; data reaches it through a subscription (no React render per tick).
 */
export const RangeChart = memo(function RangeChart(props: RangeChartProps) {
  const figure = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const current = useRef<LineData[]>([]);
  const titleId = useId();
  const { data } = props;
  const linesKey = props.lines.map((l) => `${l.key}|${l.scopeId}|${l.view.metric}|${l.capMw}`).join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when its lines change; other props are read through propsRef.
  useEffect(() => {
    const el = canvas.current;
    const fig = figure.current;
    if (!el || !fig) return;
    const chart: EChartsType = init(el, undefined, { renderer: 'canvas' });
    let width = el.clientWidth;
    let ink: ChartInk = isPrinting() ? PRINT_INK : SCREEN_INK;
    let drawn = '';
    const job = {};

    const draw = () => {
      const p = propsRef.current;
      const snap = data.getSnapshot();
      const key = `${snap.version}|${width}|${ink === PRINT_INK}`;
      if (key === drawn) return;
      drawn = key;
      const lines = chartData(snap.main, snap.from, snap.to, p.lines);
      current.current = lines;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const l of lines) {
        for (const v of l.min ?? l.mean) lo = Math.min(lo, v);
        for (const v of l.max ?? l.mean) hi = Math.max(hi, v);
      }
      if (p.refLine) {
        lo = Math.min(lo, p.refLine.value);
        hi = Math.max(hi, p.refLine.value);
      }
      const y = niceRange(lo, hi, p.floor);
      const step = rangeTickStep(snap.to - snap.from, width, 72);
      const ticks = rangeTicks(snap.from, snap.to, step);
      const font =
        Math.round(Number.parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.75) || 12;
      const series: NonNullable<TrendOption['series']> = [];
      p.lines.forEach((spec, i) => {
        const l = lines[i]!;
        const color = spec.color ?? ink.fleet;
        if (l.min && l.max) {
          const mins = l.min;
          const maxs = l.max;
          series.push({
            id: `${spec.key}:lo`,
            type: 'line',
            stack: spec.key,
            dimensions: BAND_DIMENSIONS,
            encode: { x: 't', y: 'v' },
            symbol: 'none',
            silent: true,
            lineStyle: { opacity: 0 },
            emphasis: { disabled: true },
            data: l.t.map((t, k) => [mins[k]!, t]),
          });
          series.push({
            id: `${spec.key}:band`,
            type: 'line',
            stack: spec.key,
            dimensions: BAND_DIMENSIONS,
            encode: { x: 't', y: 'v' },
            symbol: 'none',
            silent: true,
            lineStyle: { opacity: 0 },
            areaStyle: { color: spec.color ? `${spec.color}33` : ink.band },
            // Above the site lines (tinting them) and below the mean line.
            z: 11,
            emphasis: { disabled: true },
            data: l.t.map((t, k) => [maxs[k]! - mins[k]!, t]),
          });
        }
        series.push({
          id: spec.key,
          name: spec.name,
          type: 'line',
          symbol: 'none',
          showSymbol: false,
          lineStyle: {
            color,
            width: spec.width ?? 1.5,
            type: spec.dashed ? [6, 4] : 'solid',
            // Site lines stay behind the roll-up, which carries the story.
            opacity: spec.color && !spec.dashed && !spec.band ? 0.6 : 1,
          },
          itemStyle: { color },
          emphasis: { disabled: true },
          z: spec.band ? 12 : 10,
          data: l.t.map((t, k) => [t, l.mean[k]!]),
          markLine:
            i === 0 && p.refLine
              ? {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { color: '#e69f00', type: [6, 4], width: 1.5 },
                  label: {
                    formatter: p.refLine.label,
                    position: 'insideEndTop',
                    color: ink.muted,
                    fontSize: font,
                  },
                  data: [{ yAxis: p.refLine.value }],
                }
              : undefined,
        });
      });
      const option: TrendOption = {
        animation: false,
        grid: { left: 6, right: 14, top: 16, bottom: 4, containLabel: true },
        tooltip: {
          trigger: 'axis',
          triggerOn: 'mousemove|click',
          confine: true,
          // An HTML tooltip: a few charts, one update a second, and its text is readable by tests and
          // screen magnifiers.
          renderMode: 'html',
          className: 'xtip',
          backgroundColor: ink.tooltipBg,
          borderColor: ink.axis,
          textStyle: { color: ink.text, fontSize: font },
          extraCssText: 'white-space: pre; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.4);',
          axisPointer: { type: 'line', lineStyle: { color: ink.muted } },
          formatter: (params) => tooltipText(params as TooltipParam | TooltipParam[], current.current),
        },
        xAxis: {
          type: 'value',
          min: snap.from,
          max: snap.to,
          axisLine: { lineStyle: { color: ink.axis } },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: {
            color: ink.muted,
            fontSize: font,
            hideOverlap: true,
            customValues: ticks,
            formatter: (t: number) => tickLabel(t, step),
          },
        },
        yAxis: {
          type: 'value',
          min: y.min,
          max: y.max,
          interval: y.step,
          axisLine: { show: false },
          axisTick: { show: false },
          axisLabel: {
            color: ink.muted,
            fontSize: font,
            formatter: (v: number) => propsRef.current.axisFormat(v),
          },
          splitLine: { lineStyle: { color: ink.grid } },
        },
        series,
      };
      chart.setOption(option, { replaceMerge: ['series'] });
      describe(fig, el, p, lines, snap);
    };

    const describe = (
      f: HTMLElement,
      c: HTMLElement,
      p: RangeChartProps,
      lines: readonly LineData[],
      snap: ReturnType<ExecData['getSnapshot']>,
    ) => {
      const first = lines[0];
      const n = first?.t.length ?? 0;
      f.dataset.points = String(n);
      f.dataset.from = String(snap.from);
      f.dataset.to = String(snap.to);
      f.dataset.maxPoints = String(snap.main?.maxPoints ?? 0);
      f.dataset.width = String(Math.floor(width));
      f.dataset.step = String(snap.main?.stepMs ?? 0);
      f.dataset.tier = snap.main?.tier ?? '';
      f.dataset.series = (snap.main?.seriesIds ?? []).join(',');
      // The request behind the drawing, so a test can ask the API the same question.
      f.dataset.requestFrom = String(snap.main?.from ?? '');
      f.dataset.requestTo = String(snap.main?.requestTo ?? '');
      f.dataset.lastT = n > 0 ? String(first!.t[n - 1]) : '';
      f.dataset.lastValue = n > 0 ? String(first!.mean[n - 1]) : '';
      f.classList.toggle('xchart-empty', n === 0);
      const parts = lines.map((l) => {
        const k = l.t.length;
        if (k === 0) return `${l.spec.name}: no data`;
        const fmt = l.spec.view.format;
        return `${l.spec.name} latest ${fmt(l.mean[k - 1]!)}, range ${fmt(Math.min(...(l.min ?? l.mean)))} to ${fmt(Math.max(...(l.max ?? l.mean)))}`;
      });
      const label = `${p.title}, ${p.rangeText}. ${parts.join('; ')}.`;
      if (c.getAttribute('aria-label') !== label) c.setAttribute('aria-label', label);
    };

    const schedule = () => chartFrames.schedule(job, draw);
    const unsubscribe = data.subscribe(schedule);
    const unprint = subscribePrint((printing) => {
      ink = printing ? PRINT_INK : SCREEN_INK;
      // Print layout happens right after this, so the canvas takes the print size (exec.css) now.
      if (printing) chart.resize({ width: PRINT_PLOT_PX.width, height: PRINT_PLOT_PX.height });
      else chart.resize();
      draw();
    });
    const ro = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width;
      if (w === undefined || w <= 0) return;
      width = w;
      data.reportWidth('main', job, Math.max(2, w - AXIS_ALLOWANCE_PX));
      chart.resize();
      schedule();
    });
    ro.observe(el);
    schedule();
    return () => {
      unsubscribe();
      unprint();
      ro.disconnect();
      chartFrames.cancel(job);
      data.dropWidth('main', job);
      chart.dispose();
    };
  }, [data, linesKey]);

  const exportCsv = () => {
    const p = propsRef.current;
    downloadCsv(`${p.fileStem}.csv`, chartCsv(current.current));
  };

  return (
    <figure ref={figure} className="xchart xchart-empty" data-chart={props.chartId} data-points="0">
      <figcaption className="xchart-head">
        <div>
          <h3 className="xchart-title" id={titleId}>
            {props.title}
          </h3>
          <p className="xchart-note">{props.note}</p>
        </div>
        <button
          type="button"
          className="xbtn xbtn-small no-print"
          onClick={exportCsv}
          aria-label={`Download ${props.title} data as CSV`}
          data-csv={props.chartId}
        >
          CSV
        </button>
      </figcaption>
      <ul className="xlegend">
        {props.lines.map((l) => (
          <li key={l.key}>
            <span
              className={`xswatch ${l.dashed ? 'xswatch-dash' : ''} ${l.color ? '' : 'xswatch-fleet'}`}
              style={l.color ? { borderColor: l.color, background: l.dashed ? 'none' : l.color } : undefined}
              aria-hidden="true"
            />
            {l.name}
            {l.band ? <span className="xlegend-band"> (band: min–max)</span> : null}
          </li>
        ))}
        {props.refLine ? (
          <li>
            <span className="xswatch xswatch-dash xswatch-cap" aria-hidden="true" />
            {props.refLine.label}
          </li>
        ) : null}
      </ul>
      <div className="xchart-plot">
        <div ref={canvas} className="xchart-canvas" role="img" aria-label={`${props.title}: loading`} />
        <div className="xchart-waiting" aria-hidden="true">
          Loading history…
        </div>
      </div>
    </figure>
  );
});

function tooltipText(params: TooltipParam | TooltipParam[], lines: readonly LineData[]): string {
  const list = Array.isArray(params) ? params : [params];
  const t = Number(list[0]?.axisValue);
  if (!Number.isFinite(t)) return '';
  const rows = [formatMoment(t)];
  for (const l of lines) {
    const i = bucketAt(l.t, t);
    if (i < 0) continue;
    const fmt = l.spec.view.format;
    const lo = l.min ? fmt(l.min[i]!) : '';
    const hi = l.max ? fmt(l.max[i]!) : '';
    const band = lo && hi && lo !== hi ? `  (${lo} – ${hi})` : '';
    rows.push(`${l.spec.name}: ${fmt(l.mean[i]!)}${band}`);
  }
  // An HTML tooltip: names come from the fleet config, so they are escaped.
  return rows.join('\n').replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
