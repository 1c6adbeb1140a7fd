/**
 * ECharts for the executive view: the same tree-shaken core as the live charts (charts/echarts.ts);
 * importing it here keeps one registration and adds nothing to the initial bundle.
 */
export { type EChartsType, init, type TrendOption } from '../charts/echarts.ts';
