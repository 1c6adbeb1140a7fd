import { palette } from '../theme/theme.ts';

/** Okabe–Ito hues for sites, in fleet order (distinct from the fleet line, which is white or black). */
const SITE_HUES = ['#56b4e9', '#e69f00', '#009e73', '#cc79a7', '#0072b2', '#d55e00', '#f0e442'];

export function siteColor(index: number): string {
  return SITE_HUES[index % SITE_HUES.length]!;
}

export interface ChartInk {
  text: string;
  muted: string;
  grid: string;
  axis: string;
  fleet: string;
  band: string;
  tooltipBg: string;
}

/** Screen (dark) and print (light) ink for chart text, grid and the fleet line. */
export const SCREEN_INK: ChartInk = {
  text: palette.text,
  muted: palette.muted,
  grid: palette.grid,
  axis: palette.axis,
  fleet: '#f2f5f8',
  band: 'rgba(242, 245, 248, 0.24)',
  tooltipBg: '#0b0f15f2',
};

export const PRINT_INK: ChartInk = {
  text: '#111111',
  muted: '#444444',
  grid: '#dddddd',
  axis: '#999999',
  fleet: '#111111',
  band: 'rgba(17, 17, 17, 0.16)',
  tooltipBg: '#ffffff',
};
