import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { cli } from "../support/cli.js";

test("vessel-lab --help lists the commands", () => {
  const r = cli(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: vessel-lab/);
  assert.match(r.stdout, /Commands:[\s\S]*info/);
});

test("vessel-lab --version prints package.json's version", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  const r = cli(["--version"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test("vessel-lab with an unknown command exits non-zero and says so", () => {
  const r = cli(["bogus"]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /unknown command 'bogus'/);
});

test("vessel-lab info prints JSON with the core count", () => {
  const r = cli(["info"]);
  assert.equal(r.code, 0);
  assert.ok(JSON.parse(r.stdout).cores >= 1);
});
