import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// ECharts' core with what the incident export draws, rendered as SVG: named imports, so a
// build keeps only these (the CLI bundles them in the chunk `export` loads).
use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

/** An ECharts instance for server-side rendering: no DOM, renderToSVGString() gives the chart. */
export function svgChart(width: number, height: number) {
  return init(null, null, { renderer: 'svg', ssr: true, width, height });
}
