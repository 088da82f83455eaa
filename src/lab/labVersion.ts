/**
 * The lab's version as package.json states it (test/lab/report.test.ts fails when the two part): what a report says
 * made it. The CLI reads package.json itself (`vessel-lab --version`); a page cannot.
 */
export const LAB_VERSION = "0.1.0";
