// Loaded on every page (observablehq.config.ts, head): the "Report" and "Copy link" buttons under the page's title
// (src/rendering/reportControls.ts, src/lab/report.ts).
import {reportControls} from "./lib/rendering/index.js";
reportControls(document);
