/** Colours the canvas needs as values (CSS variables do not reach it), per theme, matching theme.css. */
export interface ChartPalette {
  text: string;
  muted: string;
  grid: string;
  tooltipBackground: string;
  accent: string;
  ok: string;
  warn: string;
  bad: string;
  /** One colour per extra line (memory limit, expirations, …). */
  second: string;
}

export const chartPalettes: Record<'dark' | 'light', ChartPalette> = {
  dark: {
    text: '#e6edf3',
    muted: '#8b98a8',
    grid: '#262f3b',
    tooltipBackground: '#151b23',
    accent: '#4f8cff',
    ok: '#3fb950',
    warn: '#d29922',
    bad: '#f85149',
    second: '#bc8cff',
  },
  light: {
    text: '#1f2328',
    muted: '#59636e',
    grid: '#d5dbe1',
    tooltipBackground: '#ffffff',
    accent: '#0969da',
    ok: '#1a7f37',
    warn: '#9a6700',
    bad: '#cf222e',
    second: '#8250df',
  },
};
