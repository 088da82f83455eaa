// npm run bench -- SUITE [SUITE...]
// Each suite is bench/<suite>.bench.ts exporting `run(report)`; every figure is printed as one
// JSON line {"figure", "value", "unit"} on stdout (logs go to stderr). Ratios are taken
// against baselines measured in the same run, never against remembered numbers.
import { readdirSync } from "node:fs";

export type Report = (figure: string, value: number, unit: string) => void;
export interface Suite {
  run(report: Report): Promise<void> | void;
}

const available = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.slice(0, -9));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
if (wanted.length === 0) {
  console.error(`usage: npm run bench -- SUITE...   (suites: ${available.join(", ") || "none yet"})`);
  process.exit(2);
}
const report: Report = (figure, value, unit) => {
  process.stdout.write(`${JSON.stringify({ figure, value: Number(value.toPrecision(6)), unit })}\n`);
};
for (const name of wanted) {
  if (!available.includes(name)) {
    console.error(`bench: no suite "${name}" (suites: ${available.join(", ")})`);
    process.exit(2);
  }
  const suite = (await import(`./${name}.bench.ts`)) as Suite;
  await suite.run(report);
}
