import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { BarChart, LineChart, ScatterChart, TreemapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, MarkLineComponent } from 'echarts/components';
import { DataZoomComponent, LegendComponent, VisualMapComponent } from 'echarts/components';

// Only what the views draw, on canvas: smaller bundle, faster first paint.
use([CanvasRenderer, LineChart, GridComponent, TooltipComponent, MarkLineComponent]);
// The cache charts: zoom (shared by the group), legends, the hit-rate alert colouring.
use([DataZoomComponent, LegendComponent, VisualMapComponent]);
// The write-behind view: lag per partition; its time lag chart colours the SLA breach (visual map).
use([BarChart]);
// The Keys & TTL view: memory by namespace (treemap) and the TTL histogram (bars).
use([TreemapChart]);
// The Timeline view: events as markers in lanes.
use([ScatterChart]);
