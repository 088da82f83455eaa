// Data loader of the report "Does simulation alone segment real vessels?" (../sim-to-real.md): Framework runs it at
// build time (tsx) and serves its standard output as data/sim-to-real.json. Every number comes from src/quality's
// simToRealReport, the same measurement as `npm run bench -- quality`, on seeds and files; the real sets are read from
// the folder VESSEL_LAB_DATA names, and the report says so when it is not set.
//   VESSEL_LAB_REPORT_QUICK=1   one sample per preset of two presets, two adaptation steps (for tests)
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { simToRealReport } from "../../lib/quality/simToRealReport.js";

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), "../../.."));
const quick = process.env.VESSEL_LAB_REPORT_QUICK === "1";
const report = await simToRealReport({
  data: process.env.VESSEL_LAB_DATA || undefined,
  threads: 2,
  plan: quick ? { perPreset: 1, perPresetWide: 1, presets: ["brain-tof", "microscopy"] } : {},
  adaptPresets: quick ? ["microscopy"] : undefined,
  adaptSteps: quick ? 2 : undefined,
  log: (line) => process.stderr.write(`sim-to-real report: ${line}\n`),
});
process.stdout.write(JSON.stringify(report));
