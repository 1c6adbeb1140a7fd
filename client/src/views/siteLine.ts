import type { MetricId } from '@gigawatt/shared';
import type { TrendLine } from '../charts/TrendChart.tsx';
import { siteSeries } from '../store/seriesCatalog.ts';
import { metricColor } from '../theme/theme.ts';

/** A site's line of one metric in the registry's colour; the legend name is the chart's own wording. */
export const siteLine = (
  site: string,
  metric: MetricId,
  name: string,
  style?: Pick<TrendLine, 'area' | 'width'>,
): TrendLine => ({ id: siteSeries(site, metric), name, color: metricColor(metric), ...style });
