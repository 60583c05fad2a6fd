/** The theme's colours as values, for the chart canvas (it cannot use CSS variables). */
export interface ThemeColors {
  text: string;
  muted: string;
  border: string;
  raised: string;
  accent: string;
  ok: string;
  warn: string;
  bad: string;
}
