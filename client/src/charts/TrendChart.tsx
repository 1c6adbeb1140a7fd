import { memo, useEffect, useId, useRef } from 'react';
import { formatNumber } from '../format/format.ts';
import { type ColumnBuffer, lastTime, lastValue, summarize } from '../store/columnBuffer.ts';
import { storeWindowMs } from '../store/createDashboardStore.ts';
import { useServices } from '../store/useStore.ts';
import { palette } from '../theme/theme.ts';
import { decimateMinMax } from './decimate.ts';
import {
  type EChartsType,
  init,
  type MarkLineOption,
  type TrendOption,
  type TrendUpdate,
} from './echarts.ts';
import { chartFrames } from './frameScheduler.ts';
import { plotTransform } from './linePath.ts';
import { niceRange, stepDecimals, timeLabelInterval, timeTicks, yTicks } from './niceRange.ts';
import { paintLiveLayer } from './paintLiveLayer.ts';

export interface TrendLine {
  /** Series id in the store (`site:ohio:facilityPowerMw`). */
  id: string;
  name: string;
  color: string;
  area?: boolean;
  width?: number;
}

export interface TrendChartProps {
  title: string;
  lines: readonly TrendLine[];
  /** Formats a value with its unit ("412.3 MW"). */
  format: (v: number) => string;
  /** A limit drawn as a marked line, included in the y-range. */
  cap?: { value: number; label: string } | undefined;
  /** Fixed y-range bounds; otherwise nice bounds around the data. */
  yMin?: number;
  yMax?: number;
  /** Lowest y the automatic range may use (0 for quantities that cannot be negative). */
  floor?: number;
  className?: string;
}

/** The element's font size: charts scale their type and strokes with the page (a 4K wall doubles it). */
const fontPx = (style: CSSStyleDeclaration): number => {
  const px = Number.parseFloat(style.fontSize);
  return Number.isFinite(px) && px > 0 ? px : 16;
};

/**
 * Canvas colours cannot be CSS variables, so `var(--name)` (and the `--chart-*` theme variables) are
 * resolved once when the chart is built; a themed page (the wall's light theme) gets its colours.
 */
function resolveColor(style: CSSStyleDeclaration, color: string): string {
  const m = /^var\((--[\w-]+)(?:,\s*(.+))?\)$/.exec(color.trim());
  if (!m) return color;
  return style.getPropertyValue(m[1]!).trim() || m[2]?.trim() || palette.text;
}

function chartColors(style: CSSStyleDeclaration) {
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    label: v('--chart-label', palette.muted),
    axis: v('--chart-axis', palette.axis),
    grid: v('--chart-grid', palette.grid),
    cap: v('--chart-cap', palette.cap),
    text: v('--chart-text', palette.text),
    tooltip: v('--chart-tooltip', '#0b0f15f2'),
  };
}

const clock = new Intl.DateTimeFormat('en-US', { hour12: false, hour: '2-digit', minute: '2-digit' });
const clockSec = new Intl.DateTimeFormat('en-US', {
  hour12: false,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const labelCache = new Map<number, string>();

/** "16:35", cached: axis labels are asked for on every update and Intl formatting is not free. */
function hhmm(t: number): string {
  let s = labelCache.get(t);
  if (s === undefined) {
    if (labelCache.size > 2000) labelCache.clear();
    s = clock.format(t);
    labelCache.set(t, s);
  }
  return s;
}

/** How often a chart's text alternative is rewritten with its latest values (ms). */
const LABEL_REFRESH_MS = 5000;

/** Space between the plot's bottom edge and its time labels: ECharts' default axisLabel.margin. */
const LABEL_MARGIN = 8;

const EMPTY = new Float64Array(0);

interface TooltipParam {
  marker?: unknown;
  seriesName?: string;
  value?: unknown;
  axisValue?: unknown;
}

function tooltipText(params: TooltipParam | TooltipParam[], format: (v: number) => string): string {
  const list = Array.isArray(params) ? params : [params];
  const t = Number(list[0]?.axisValue);
  const rows = list.map((p) => {
    const v = Array.isArray(p.value) ? Number(p.value[1]) : Number.NaN;
    const marker = typeof p.marker === 'string' ? p.marker : '';
    return `${marker}${p.seriesName ?? ''}  ${Number.isFinite(v) ? format(v) : '—'}`;
  });
  return `${Number.isFinite(t) ? clockSec.format(t) : ''}\n${rows.join('\n')}`;
}

/**
 * A live time-series chart. Created once; new samples reach it through a store subscription, never
 * through a React render: at most once per animation frame it repaints its lines and time labels from
 * the points decimated to the plot's pixel columns, and updates the ECharts frame only when the y range,
 * the cap or the size moved. A chart
 * off screen draws nothing until it comes into view. Memoised: its parent's 1 Hz renders pass it the
 * same props.
 */
export const TrendChart = memo(function TrendChart(props: TrendChartProps) {
  const { store, history } = useServices();
  const chartEl = useRef<HTMLDivElement>(null);
  const frameEl = useRef<HTMLDivElement>(null);
  const liveEl = useRef<HTMLDivElement>(null);
  const linesEl = useRef<HTMLCanvasElement>(null);
  const valueEls = useRef<Array<HTMLSpanElement | null>>([]);
  const figure = useRef<HTMLElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const redraw = useRef<() => void>(() => {});
  const captionId = useId();
  const linesKey = props.lines.map((l) => `${l.id}|${l.color}|${l.name}`).join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: the chart is rebuilt only when its lines change; other props are read through propsRef.
  useEffect(() => {
    const el = chartEl.current;
    const frameDom = frameEl.current;
    const liveDom = liveEl.current;
    const linesDom = linesEl.current;
    const linesCtx = linesDom?.getContext('2d');
    if (!el || !frameDom || !liveDom || !linesDom || !linesCtx) return;
    const { lines } = propsRef.current;
    const ids = lines.map((l) => l.id);
    const style = getComputedStyle(el);
    const base = fontPx(style);
    const font = Math.round(base * 0.75);
    // Strokes and paddings grow with the type, so a 4K wall's lines are as visible as a laptop's.
    const k = Math.max(1, base / 16);
    const colors = chartColors(style);
    const lineColors = lines.map((l) => resolveColor(style, l.color));
    let yDecimals = 0;

    // Three layers, one over the other. ECharts re-renders every component on every setOption, so what
    // does not move with the data (the y axis and its grid lines, the x axis line, the cap) is drawn by
    // the frame, an ECharts instance updated only when the y range, the cap or the size changes.
    // Even a data-only setOption costs ~1 ms per chart (model merge, series data store, layout, axis
    // rebuild) where uPlot redraws a whole chart in ~0.25 ms, so a tick does not go through ECharts at
    // all: the lines and time labels are painted on a plain canvas above the frame (paintLiveLayer; as
    // zrender shapes they cost twice as much: a display list, a font set per label, a path copied twice
    // per paint). On top, the live ECharts instance draws only the axis tooltip and pointer: its series
    // are transparent and given data only while the pointer is over the chart.
    const frame = init(frameDom, undefined, { renderer: 'canvas' });
    const live = init(liveDom, undefined, { renderer: 'canvas' });
    const pad = { left: 8 * k, right: 12 * k, top: 14 * k, bottom: 4 * k };
    const frameOption: TrendOption = {
      animation: false,
      grid: { ...pad, containLabel: true },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        axisLine: { onZero: false, lineStyle: { color: colors.axis } },
        axisTick: { show: false },
        splitLine: { show: false },
        // Room for the live layer's time labels: laid out here, drawn there.
        axisLabel: { color: 'transparent', fontSize: font, customValues: [0.5], formatter: () => '00:00' },
      },
      yAxis: {
        type: 'value',
        splitNumber: 3,
        axisLine: { show: false },
        axisTick: { show: false },
        axisLabel: {
          color: colors.label,
          fontSize: font,
          formatter: (v: number) => formatNumber(v, yDecimals),
        },
        splitLine: { lineStyle: { color: colors.grid } },
      },
      // A marked line hangs on a series: the cap's has no data of its own.
      series: [{ id: 'cap', type: 'line', data: [], silent: true }],
    };
    frame.setOption(frameOption, { silent: true });
    const liveOption: TrendOption = {
      animation: false,
      grid: pad,
      tooltip: {
        trigger: 'axis',
        backgroundColor: colors.tooltip,
        borderColor: colors.axis,
        textStyle: { color: colors.text, fontSize: font },
        formatter: (params) => tooltipText(params as TooltipParam | TooltipParam[], propsRef.current.format),
        // Drawn on the chart's canvas: the HTML tooltip reads computed styles on every update.
        renderMode: 'richText',
        axisPointer: { type: 'line', lineStyle: { color: colors.axis } },
      },
      xAxis: {
        // A value axis with our own minute ticks: the time axis re-derives and formats its ticks on
        // every update, which cost more than drawing the line. The ticks are spaced for their labels
        // (timeLabelInterval), so no overlap check is needed.
        type: 'value',
        scale: true,
        axisLine: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        // The time labels are drawn by timeLabels below.
        axisLabel: { show: false },
      },
      // Hidden: the frame draws it; here it only maps values to the same pixels.
      yAxis: { type: 'value', show: false },
      series: lines.map((l, i) => ({
        id: l.id,
        name: l.name,
        type: 'line',
        showSymbol: false,
        symbol: 'none',
        connectNulls: false,
        // Only the tooltip reads this series: the line itself is painted on the lines canvas below it.
        lineStyle: { color: lineColors[i], width: (l.width ?? 1.75) * k, opacity: 0 },
        itemStyle: { color: lineColors[i] },
        emphasis: { disabled: true },
        z: 10 - i,
        // Data arrives as interleaved [t, v] Float64Arrays, which ECharts reads with fixed dimensions.
        dimensions: ['t', 'v'],
        encode: { x: 't', y: 'v' },
        data: [],
      })),
    };
    live.setOption(liveOption, { silent: true });
    const liveZr = live.getZr();
    const lineWidths = lines.map((l) => (l.width ?? 1.75) * k);
    const widest = Math.max(...lineWidths);
    // zrender's text font: the frame's y labels and the time labels look alike.
    const labelFont = `${font}px sans-serif`;
    // Decimated points per line, in buffers kept from one update to the next.
    const scratch = lines.map(() => ({ out: EMPTY }));
    // The pointer over the chart: its tooltip needs the live layer's axes and series to hold the data.
    let hovering = false;
    // ECharts wakes zrender's frame loop on every change and leaves it running for ten idle frames per
    // chart; our updates paint synchronously, so the loop is stopped again unless it animates something
    // (a tooltip). Anything that changes later (hover, resize) wakes it as usual.
    const sleep = (chart: EChartsType) => {
      const zr = chart.getZr();
      if (zr.animation.isFinished()) zr.animation.stop();
    };
    sleep(frame);
    sleep(live);
    const px = (chart: EChartsType, axis: 'x' | 'y', value: number): number => {
      const p: unknown = chart.convertToPixel(axis === 'x' ? { xAxisIndex: 0 } : { yAxisIndex: 0 }, value);
      return typeof p === 'number' ? p : Number.NaN;
    };

    // What each layer was last given, so an update passes only what changed (ECharts merges by id).
    let lastVersions = '';
    let lastFrame = '';
    let lastCap = '';
    let lastGrid = '';
    let lastRange = '';
    // Off-screen charts (below the fold, another wall page) draw nothing but keep their text current.
    let visible = true;
    let dirty = true;
    const job = {};
    // Kept from the ResizeObserver: reading clientWidth here would force a layout on every update.
    let width = el.clientWidth;
    let height = el.clientHeight;
    let dpr = window.devicePixelRatio || 1;
    const sizeCanvas = () => {
      dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(width * dpr));
      const h = Math.max(1, Math.round(height * dpr));
      if (linesDom.width !== w) linesDom.width = w;
      if (linesDom.height !== h) linesDom.height = h;
    };
    sizeCanvas();
    // The plot rectangle (inside the axis labels), from the frame.
    let plot = { left: pad.left, right: pad.right, top: pad.top, bottom: pad.bottom, width: 0 };

    const update = () => {
      const p = propsRef.current;
      const s = store.getState();
      const bufs = lines.map((l) => s.series.get(l.id));
      describe(p, bufs);
      if (!visible) {
        dirty = true;
        return;
      }
      const versions = bufs.map((b) => b?.version ?? -1).join(',');
      if (!dirty && versions === lastVersions) return;
      dirty = false;
      lastVersions = versions;
      let newest = Number.NEGATIVE_INFINITY;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const b of bufs) {
        if (!b || b.length === 0) continue;
        newest = Math.max(newest, lastTime(b));
        const sum = summarize(b);
        if (sum) {
          lo = Math.min(lo, sum.min);
          hi = Math.max(hi, sum.max);
        }
      }
      if (p.cap) {
        lo = Math.min(lo, p.cap.value);
        hi = Math.max(hi, p.cap.value);
      }
      // A fixed bound takes part in choosing the step, so labels stay on round numbers up to it.
      if (p.yMin !== undefined) lo = Math.min(lo, p.yMin);
      if (p.yMax !== undefined) hi = Math.max(hi, p.yMax);
      const range = niceRange(lo, hi, p.floor);
      const yMin = p.yMin ?? range.min;
      const yMax = p.yMax ?? range.max;
      // A short chart (a wall tile squeezed by alerts) gets fewer, wider-spaced labels, never a pile.
      const maxLabels = Math.max(2, Math.floor(height / (font * 2.2)));
      const { step, ticks } = yTicks(yMin, yMax, range.step, maxLabels);

      // The frame: only when its y range, labels, cap or size moved.
      const capKey = p.cap ? `${p.cap.value}|${p.cap.label}` : '';
      const tickList = ticks.join(',');
      const frameKey = `${yMin}|${yMax}|${tickList}|${capKey}|${width}x${height}`;
      if (frameKey !== lastFrame) {
        lastFrame = frameKey;
        yDecimals = stepDecimals(step);
        const f = figure.current;
        if (f) f.dataset.yTicks = tickList;
        // Labels and grid lines (which follow the ticks) at exactly these values, none at the bounds.
        const frameUpdate: TrendOption = {
          yAxis: {
            min: yMin,
            max: yMax,
            axisLabel: { customValues: ticks },
            axisTick: { customValues: ticks },
          },
        };
        if (capKey !== lastCap) frameUpdate.series = [{ id: 'cap', markLine: markLine(p.cap) }];
        frame.setOption(frameUpdate, { silent: true });
        lastCap = capKey;
        sleep(frame);
        const x0 = px(frame, 'x', 0);
        const x1 = px(frame, 'x', 1);
        const y0 = px(frame, 'y', yMax);
        const y1 = px(frame, 'y', yMin);
        if ([x0, x1, y0, y1].every(Number.isFinite) && x1 > x0 && y1 > y0) {
          const w = frame.getWidth();
          const h = frame.getHeight();
          plot = { left: x0, right: w - x1, top: y0, bottom: h - y1, width: x1 - x0 };
        }
      }

      const windowMs = storeWindowMs(store);
      const xMin = newest - windowMs;
      const liveH = live.getHeight();
      const plotRect = {
        left: plot.left,
        top: plot.top,
        width: plot.width || Math.max(0, width - plot.left - plot.right),
        height: Math.max(0, liveH - plot.top - plot.bottom),
      };
      const option: TrendUpdate = {};
      const grid = `${plot.left}|${plot.right}|${plot.top}|${plot.bottom}`;
      if (grid !== lastGrid) {
        option.grid = { left: plot.left, right: plot.right, top: plot.top, bottom: plot.bottom };
        lastGrid = grid;
      }
      const yRange = `${yMin}|${yMax}`;
      if (yRange !== lastRange) {
        option.yAxis = { min: yMin, max: yMax };
        lastRange = yRange;
      }
      const m = plotTransform(plotRect, xMin, newest, yMin, yMax);
      const labels: { x: number; text: string }[] = [];
      if (Number.isFinite(newest)) {
        // A label centred on either end of the axis would run into the y labels or off the chart.
        const edge = width > 0 ? (28 * k * windowMs) / width : 0;
        const ticks = timeTicks(xMin, newest, timeLabelInterval(windowMs, width, 72 * k)).filter(
          (t) => t >= xMin + edge && t <= newest - edge,
        );
        for (const t of ticks) labels.push({ x: Math.round(m.left + (t - m.t0) * m.sx), text: hhmm(t) });
        option.xAxis = { min: xMin, max: newest };
      }
      // Two points per pixel column at most: more cannot be seen.
      const columns = Math.max(1, Math.round(plotRect.width * dpr));
      const data = bufs.map((b, i) => (b ? decimateMinMax(b, xMin, newest, columns, scratch[i]) : EMPTY));
      // As ECharts clips a line series: to the grid, widened by half the line so a flat line at the
      // edge is not cut in half.
      paintLiveLayer(linesCtx, {
        width,
        height,
        dpr,
        m,
        clip: {
          x: Math.floor(plotRect.left - widest / 2),
          y: plotRect.top - widest / 2,
          width: Math.round(plotRect.width + widest),
          height: plotRect.height + widest,
        },
        lines: data.map((d, i) => ({ data: d, color: lineColors[i]!, width: lineWidths[i]! })),
        labels,
        labelY: Math.round(m.bottom + LABEL_MARGIN),
        font: labelFont,
        labelColor: colors.label,
      });
      if (hovering) {
        // ECharts keeps the array it is given: a copy, since the scratch is rewritten next update.
        option.series = data.map((d, i) => ({ id: lines[i]!.id, data: d.slice() }));
        live.setOption(option, { silent: true });
        liveZr.flush();
        sleep(live);
      } else {
        // What ECharts was last given is stale now: resend it all when the pointer comes back.
        lastGrid = '';
        lastRange = '';
      }
    };
    const markLine = (cap: TrendChartProps['cap']): MarkLineOption =>
      cap
        ? {
            silent: true,
            symbol: 'none',
            animation: false,
            lineStyle: { color: colors.cap, type: [6 * k, 4 * k], width: 1.5 * k },
            label: {
              formatter: cap.label,
              position: 'insideEndTop',
              color: colors.cap,
              fontSize: font,
              // ECharts' default gap is in pixels; scaled, the label clears the line at 4K too.
              distance: 5 * k,
            },
            data: [{ yAxis: cap.value }],
          }
        : { data: [] };
    // Text alternative and legend values, written directly: no React render per sample.
    const describe = (p: TrendChartProps, bufs: ReadonlyArray<ColumnBuffer | undefined>) => {
      const windowMs = storeWindowMs(store);
      let points = 0;
      for (const b of bufs) points += b?.length ?? 0;
      const values = bufs.map((b, i) => {
        const v = b && b.length > 0 ? p.format(lastValue(b)) : 'no data yet';
        const span = valueEls.current[i];
        if (span && span.textContent !== v) span.textContent = v;
        return v;
      });
      const f = figure.current;
      if (f) {
        const n = String(points);
        if (f.dataset.points !== n) f.dataset.points = n;
        if (f.classList.contains('chart-empty') !== (points === 0))
          f.classList.toggle('chart-empty', points === 0);
      }
      // The text alternative is read when a screen reader reaches the chart, not announced as it changes:
      // rewritten when a line gains or loses data and otherwise every few seconds, not every tick (the
      // legend's values beside it, text too, follow every tick).
      const shape = `${p.title}|${p.cap?.label ?? ''}|${bufs.map((b) => (b && b.length > 0 ? 1 : 0)).join('')}`;
      const at = performance.now();
      if (shape === labelShape && at - labelAt < LABEL_REFRESH_MS) return;
      labelShape = shape;
      labelAt = at;
      const parts = lines.map((l, i) => `${l.name} ${values[i]}`);
      if (p.cap) parts.push(p.cap.label);
      const label = `${p.title}, last ${Math.round(windowMs / 60_000)} minutes. Latest: ${parts.join('; ')}.`;
      if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
    };
    let labelShape = '';
    let labelAt = Number.NEGATIVE_INFINITY;
    const schedule = () => chartFrames.schedule(job, update);
    redraw.current = () => {
      dirty = true;
      schedule();
    };
    const onMove = (e: { offsetX: number; offsetY: number }) => {
      if (hovering) return;
      hovering = true;
      chartFrames.cancel(job);
      dirty = true;
      update();
      // This move reached the tooltip before its data did.
      live.dispatchAction({ type: 'showTip', x: e.offsetX, y: e.offsetY });
    };
    const onOut = () => {
      hovering = false;
    };
    liveZr.on('mousemove', onMove);
    liveZr.on('globalout', onOut);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.series !== prev.series) history.ensure(ids);
      if (s.dataVersion !== prev.dataVersion) schedule();
    });
    history.ensure(ids);
    update();
    const ro = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width;
      if (w !== undefined) width = w;
      const h = entries[entries.length - 1]?.contentRect.height;
      if (h !== undefined) height = h;
      sizeCanvas();
      frame.resize({ silent: true });
      live.resize({ silent: true });
      sleep(frame);
      sleep(live);
      dirty = true;
      schedule(); // label spacing, the plot rectangle and decimation depend on the size
    });
    ro.observe(el);
    const io = new IntersectionObserver((entries) => {
      const v = entries[entries.length - 1]?.isIntersecting ?? true;
      if (v && !visible) {
        visible = true;
        schedule();
      } else visible = v;
    });
    io.observe(el);
    // A printout shows every chart, those never scrolled into view too: draw them before the print layout.
    const beforePrint = () => {
      const was = visible;
      visible = true;
      chartFrames.cancel(job);
      update();
      visible = was;
    };
    window.addEventListener('beforeprint', beforePrint);
    return () => {
      liveZr.off('mousemove', onMove);
      liveZr.off('globalout', onOut);
      unsubscribe();
      ro.disconnect();
      io.disconnect();
      window.removeEventListener('beforeprint', beforePrint);
      chartFrames.cancel(job);
      frame.dispose();
      live.dispose();
      redraw.current = () => {};
    };
  }, [store, history, linesKey]);

  // A new cap or y-range (fleet reloaded, other site) needs a redraw even without new data.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the values are read through propsRef.
  useEffect(() => redraw.current(), [props.cap?.value, props.cap?.label, props.yMin, props.yMax]);

  return (
    <figure
      ref={figure}
      className={`trend chart-empty ${props.className ?? ''}`}
      data-chart={props.lines[0]?.id}
      data-points="0"
    >
      <figcaption id={captionId} className="trend-caption">
        <span className="trend-title">{props.title}</span>
        <span className="trend-legend">
          {props.lines.map((l, i) => (
            <span key={l.id} className="legend-item">
              <span className="swatch swatch-line" style={{ background: l.color }} />
              {l.name}{' '}
              <span
                className="legend-value num"
                ref={(node) => {
                  valueEls.current[i] = node;
                }}
              >
                —
              </span>
            </span>
          ))}
          {props.cap ? (
            <span className="legend-item">
              <span className="swatch swatch-dash" />
              {props.cap.label}
            </span>
          ) : null}
        </span>
      </figcaption>
      <div className="trend-plot">
        <div
          ref={chartEl}
          className="trend-canvas"
          role="img"
          aria-label={`${props.title}: waiting for data`}
        >
          <div ref={frameEl} className="trend-layer trend-frame" />
          <canvas ref={linesEl} className="trend-layer trend-lines" />
          <div ref={liveEl} className="trend-layer" />
        </div>
        <div className="trend-waiting" aria-hidden="true">
          Waiting for data…
        </div>
      </div>
    </figure>
  );
});
