/** What the page (main.browser.ts) puts on window for the benchmark (chart-render.ts) to call. */
export interface ChartBench {
  /** The four charts' first render, and its steps: building the options (the points reduced to columns), init, setOption, paint. */
  render(pointsPerSeries: number): FirstRender;
  /** One live second: the time spent redrawing, and its steps. */
  update(always: boolean): LiveUpdate;
  seriesCount(): number;
}

export interface FirstRender {
  /** Not part of the render: the day's points from the wire's pairs into columns, once per history. */
  historyMs: number;
  totalMs: number;
  optionsMs: number;
  initMs: number;
  setOptionMs: number;
  paintMs: number;
}

export interface LiveUpdate {
  /** All the charts' redraws together. */
  totalMs: number;
  /** The longest single chart's: the app redraws one chart a frame. */
  longestChartMs: number;
  optionsMs: number;
  setOptionMs: number;
  paintMs: number;
}
