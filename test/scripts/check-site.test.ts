import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { checkSite } from "../../scripts/check-site.js";

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "vl-site-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test("checkSite(dir) passes a clean site, even though the runtime's own code names the error class", () => {
  const dir = site({ "index.html": "<main><p>ok</p></main>", "_observablehq/runtime.js": 'x.classList.add("observablehq--error")' });
  assert.deepEqual(checkSite(dir), []);
  rmSync(dir, { recursive: true });
});

test("checkSite(dir) reports a Framework error block with its message", () => {
  const dir = site({ "grow.html": '<div class="observablehq--inspect observablehq--error">SyntaxError: non-local import: ../src/x.js (1:0)</div>' });
  const problems = checkSite(dir);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /grow\.html: Framework error block: SyntaxError: non-local import/);
  rmSync(dir, { recursive: true });
});

test("checkSite(dir) reports a CDN reference in a module", () => {
  const dir = site({ "_npm/d3.js": 'import "https://cdn.jsdelivr.net/npm/d3@7/+esm"' });
  assert.match(checkSite(dir)[0], /cdn\.jsdelivr\.net/);
  rmSync(dir, { recursive: true });
});

test("checkSite(dir) reports a link to a page or an anchor the site does not have, and passes the ones it has", () => {
  const dir = site({
    "index.html":
      '<a href="./grow">Grow</a> <a href="./grow?seed=2#tree">tree</a> <a href="/models/README">card</a> <a href="https://example.org/x">out</a> <a href="#top">top</a><h1 id="top">x</h1>',
    "grow.html": '<h2 id="tree">Tree</h2> <a href="./models/train/README#network-size">size</a> <a href="./segment">Segment</a>',
    "models/README.html": "<p>card</p>",
  });
  assert.deepEqual(checkSite(dir), [
    "grow.html: links to ./models/train/README#network-size, which the site does not have (models/train/README.html)",
    "grow.html: links to ./segment, which the site does not have (segment.html)",
  ]);
  writeFileSync(join(dir, "index.html"), '<a href="./grow#leaves">leaves</a>');
  assert.deepEqual(
    checkSite(dir).filter((p) => p.startsWith("index.html")),
    ['index.html: links to ./grow#leaves, whose page has no heading or element with id "leaves"'],
  );
  rmSync(dir, { recursive: true });
});

test("checkSite(dir) reports a page module Framework left unbundled (its file not in the site), and passes the bundled ones", () => {
  const dir = site({
    "voxelise.html":
      '<link rel="modulepreload" href="./_import/lib/geometry/index.9c398546.js"><link rel="modulepreload" href="./lib/volume/index.js">' +
      '<script type="module">const [a, b] = await Promise.all([import("./_import/lib/geometry/index.9c398546.js"), import("./lib/workers/index.js")]);</script>',
    "_import/lib/geometry/index.9c398546.js": "export const growTree = 1;",
  });
  const problems = checkSite(dir);
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.match(
    problems[0],
    /^voxelise\.html: imports \.\/lib\/volume\/index\.js, which the site does not have: Framework leaves an import it could not bundle/,
  );
  assert.match(problems[1], /^voxelise\.html: imports \.\/lib\/workers\/index\.js, /);
  // a query or fragment on a module's URL, a path from the site's root, and an import written in a page's prose (not
  // its module scripts) are no unbundled module
  writeFileSync(
    join(dir, "voxelise.html"),
    '<link rel="modulepreload" href="/_import/lib/geometry/index.9c398546.js?v=3"><p>write import("./lib/x.js") in a cell</p>' +
      '<script type="module">await import("./_import/lib/geometry/index.9c398546.js#x");</script>',
  );
  assert.deepEqual(checkSite(dir), []);
  rmSync(dir, { recursive: true });
});
