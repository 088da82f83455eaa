import { test } from "node:test";
import assert from "node:assert/strict";
import { findChromium } from "./chromium.js";

test("findChromium(env) prefers CHROME_PATH when it exists", () => {
  assert.equal(
    findChromium({ CHROME_PATH: "/x/chrome" }, (p) => p === "/x/chrome"),
    "/x/chrome",
  );
});

test("findChromium(env) rejects a CHROME_PATH that does not exist, saying how to install", () => {
  assert.throws(() => findChromium({ CHROME_PATH: "/x/chrome" }, () => false), /does not exist.*apt-get install -y chromium/s);
});

test("findChromium(env) falls back to the usual install paths, and fails loudly when none exists", () => {
  assert.equal(
    findChromium({}, (p) => p === "/usr/bin/google-chrome"),
    "/usr/bin/google-chrome",
  );
  assert.throws(() => findChromium({}, () => false), /No Chromium or Chrome found.*apt-get install -y chromium/s);
});
