/**
 * The only place ECharts is imported: tree-shaken from 'echarts/core' with just what the trend charts
 * use, which keeps the initial bundle inside its budget.
 */
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  MarkLineComponent,
  type MarkLineComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export type TrendOption = ComposeOption<
  LineSeriesOption | GridComponentOption | TooltipComponentOption | MarkLineComponentOption
>;
export type MarkLineOption = MarkLineComponentOption;
/**
 * What a live update passes: ECharts reads series data from typed arrays (its option types only list
 * arrays), so updates are typed here and go through setOption's untyped parameter.
 */
export type TrendUpdate = {
  grid?: TrendOption['grid'];
  xAxis?: TrendOption['xAxis'];
  yAxis?: TrendOption['yAxis'];
  series?: { id: string; data: Float64Array; markLine?: MarkLineComponentOption }[];
};
export type { EChartsType } from 'echarts/core';
export { init };
