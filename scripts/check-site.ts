// Fails the build when the built site carries what `observable build` lets through:
// a Framework error block in a page (non-local import, syntax error, missing file), a
// reference to a CDN that the offline lab cannot reach, or a link to a page or heading
// the site does not have (Framework only warns of those), or a page module Framework left unbundled.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

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
      // the page's markup, not its code: Framework inlines each page's cells in a script
      for (const m of text.replace(/<script\b[\s\S]*?<\/script>/g, "").matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
        const broken = brokenLink(dir, path, m[1]);
        if (broken) problems.push(`${rel}: links to ${m[1]}, ${broken}`);
      }
      for (const target of missingModules(dir, path, text))
        problems.push(
          `${rel}: imports ${target}, which the site does not have: Framework leaves an import it could not bundle as written (a syntax error in that module or one it imports, or a file that is missing); run the page with npm run dev to see why`,
        );
    }
    for (const host of CDN_HOSTS)
      if (text.includes(host))
        problems.push(`${rel}: references ${host}, which the offline build cannot reach (import the package by bare name from node_modules)`);
  }
  return problems;
}

/**
 * The local modules a built page loads (its modulepreload links and the dynamic imports of its module scripts, where
 * Framework puts its cells) that are not in the site: Framework rewrites each import it bundled to a hashed file under
 * _import/ or _npm/, and writes one it could not resolve as it stands, which then fails in the browser only.
 */
function missingModules(dir: string, path: string, text: string): string[] {
  const targets = new Set<string>();
  for (const m of text.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]*)"/g)) targets.add(m[1]);
  for (const script of text.matchAll(/<script\b[^>]*\btype="module"[^>]*>([\s\S]*?)<\/script>/g))
    for (const m of script[1].matchAll(/\bimport\(\s*"(\.{0,2}\/[^"]*)"\s*\)/g)) targets.add(m[1]);
  return [...targets].filter((target) => {
    if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(target)) return false; // another site
    const file = target.split(/[?#]/)[0];
    return !existsSync(file.startsWith("/") ? join(dir, file) : join(dirname(path), file));
  });
}

/** Why a link in the page at `path` leads nowhere in the site at `dir`, or null when it leads somewhere (or out of the site). */
function brokenLink(dir: string, path: string, href: string): string | null {
  if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(href) || href === "") return null; // another site, mailto:, …
  const [target, anchor] = href.split("?")[0].split("#") as [string, string | undefined];
  let file = target === "" ? path : target.startsWith("/") ? join(dir, target) : join(dirname(path), target);
  if (target !== "" && (target.endsWith("/") || (existsSync(file) && statSync(file).isDirectory()))) file = join(file, "index.html");
  else if (target !== "" && !/\.[a-z\d]+$/i.test(target)) file = `${file}.html`;
  if (!existsSync(file)) return `which the site does not have (${relative(dir, file)})`;
  if (anchor && file.endsWith(".html") && !readFileSync(file, "utf8").includes(`id="${anchor}"`))
    return `whose page has no heading or element with id "${anchor}"`;
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "dist";
  const problems = checkSite(dir);
  if (problems.length) {
    console.error(`check-site: ${problems.length} problem(s) in ${dir}/:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.error(`check-site: ${dir}/ has no Framework error block, no CDN reference, no broken link and no unbundled module.`);
}
