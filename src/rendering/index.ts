export { pipelineFigure } from "./pipelineFigure.js";
export { keyValueTable } from "./keyValueTable.js";
