/** What the page (main.browser.ts) puts on window for the benchmark (chart-render.ts) to call. */
export interface ChartBench {
  /** The four charts' first render, and the part of it spent building their options. */
  render(pointsPerSeries: number): { totalMs: number; optionsMs: number };
  /** One live second; the time spent redrawing. */
  update(always: boolean): number;
  seriesCount(): number;
}
