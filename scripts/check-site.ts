// Fails the build when the built site carries what `observable build` lets through:
// a Framework error block in a page (non-local import, syntax error, missing file), or a
// reference to a CDN that the offline lab cannot reach.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const CDN_HOSTS = ["cdn.jsdelivr.net", "esm.sh", "unpkg.com", "cdn.skypack.dev", "fonts.googleapis.com", "fonts.gstatic.com", "api.observablehq.com"];
const ERROR_MARKER = "observablehq--error";

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

export function checkSite(dir: string): string[] {
  const problems: string[] = [];
  for (const path of files(dir)) {
    if (!/\.(html|js|css|json)$/.test(path)) continue;
    const text = readFileSync(path, "utf8");
    const rel = relative(dir, path);
    // The runtime's own code names the error class; only pages carry rendered error blocks.
    if (path.endsWith(".html")) {
      for (const m of text.matchAll(/<div class="[^"]*observablehq--error[^"]*">([^<]*)</g)) problems.push(`${rel}: Framework error block: ${m[1].trim()}`);
      if (text.includes(ERROR_MARKER) && !/observablehq--error[^"]*">/.test(text)) problems.push(`${rel}: contains ${ERROR_MARKER}`);
    }
    for (const host of CDN_HOSTS)
      if (text.includes(host))
        problems.push(`${rel}: references ${host}, which the offline build cannot reach (import the package by bare name from node_modules)`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "dist";
  const problems = checkSite(dir);
  if (problems.length) {
    console.error(`check-site: ${problems.length} problem(s) in ${dir}/:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.error(`check-site: ${dir}/ has no Framework error block and no CDN reference.`);
}
