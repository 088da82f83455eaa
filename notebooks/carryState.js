// Loaded on every page (observablehq.config.ts, head): the sidebar's and the footer's links carry the page's
// tree and imaging parameters to the next page (src/rendering/carryStateLinks.ts, src/lab/carryState.ts).
import {carryStateLinks} from "./lib/rendering/index.js";
carryStateLinks(document);
