#!/usr/bin/env node
// Runs node:test over test/**/*.test.ts (TypeScript through tsx).
//   node scripts/run-tests.mjs unit   # everything but test/e2e
//   node scripts/run-tests.mjs e2e    # the browser tests in test/e2e
// Extra arguments are passed to node --test (e.g. --test-name-pattern=grow).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const [suite = "unit", ...rest] = process.argv.slice(2);
function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (name.endsWith(".test.ts")) yield p;
  }
}
const all = [...walk("test")];
const files = all.filter((f) => (suite === "e2e" ? f.startsWith(join("test", "e2e")) : !f.startsWith(join("test", "e2e"))));
if (files.length === 0) {
  console.error(`run-tests: no ${suite} test files found under test/`);
  process.exit(1);
}
const concurrency = suite === "e2e" ? ["--test-concurrency=1"] : [];
const env = { ...process.env };
if (suite === "e2e" && env.VESSEL_LAB_SKIP_BUILD !== "1") {
  // Build the site once for every browser test file (each would otherwise build it again).
  const b = spawnSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (b.status !== 0) {
    console.error("run-tests: npm run build failed; the browser tests need the built site");
    process.exit(1);
  }
  env.VESSEL_LAB_SKIP_BUILD = "1";
}
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", ...concurrency, ...rest, ...files], { stdio: "inherit", env });
process.exit(r.status ?? 1);
