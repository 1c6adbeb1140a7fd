/**
 * Colours, from the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies);
 * state is never shown by colour alone — every coloured mark also has a label, icon or pattern.
 */
export const palette = {
  text: '#e6edf3',
  muted: '#9aa7b5',
  faint: '#6b7787',
  grid: '#222b37',
  axis: '#3a4556',
  panel: '#141a23',
  facility: '#56b4e9', // sky blue
  it: '#b4c0d0',
  cap: '#e69f00', // orange: a limit, distinct from every series colour
  util: '#009e73', // bluish green
  temp: '#cc79a7',
  rented: '#e69f00', // orange
  internal: '#56b4e9', // sky blue
  idle: '#7d8796', // neutral grey
  failed: '#cc79a7', // reddish purple, hatched
  ok: '#009e73',
  warn: '#f0e442',
  bad: '#d55e00',
  replay: '#56b4e9',
} as const;
