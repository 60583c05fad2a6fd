/** What the page (main.browser.ts) puts on window for the benchmark (chart-render.ts) to call. */
export interface ChartBench {
  /** The four charts' first render, and its steps: building the options (the points reduced to columns), init, setOption, paint. */
  render(pointsPerSeries: number): FirstRender;
  /** One live second; the time spent redrawing. */
  update(always: boolean): number;
  seriesCount(): number;
}

export interface FirstRender {
  totalMs: number;
  optionsMs: number;
  initMs: number;
  setOptionMs: number;
  paintMs: number;
}
