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
