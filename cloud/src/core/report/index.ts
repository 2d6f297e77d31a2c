export { buildReport, type BuildReportInput } from "./build.js";
export { renderMarkdown } from "./markdown.js";
export { renderText } from "./text.js";
export { historyLines } from "./history.js";
