// formatSize: the one way the CLI and the pages name a byte count, in binary units (as the limits are set).
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatSize } from "../../src/volume/index.js";

test("formatSize names bytes, KiB, MiB and GiB at their binary boundaries", () => {
  assert.equal(formatSize(0), "0 bytes");
  assert.equal(formatSize(1), "1 byte");
  assert.equal(formatSize(1023), "1023 bytes");
  assert.equal(formatSize(1024), "1 KiB");
  assert.equal(formatSize(1536), "2 KiB"); // 1.5 KiB rounds to 2
  assert.equal(formatSize(1023.6), "1 KiB"); // rounded first
  assert.equal(formatSize(2 ** 20 - 513), "1023 KiB");
  assert.equal(formatSize(2 ** 20 - 1), "1.0 MiB"); // the unit chosen after rounding: never "1024 KiB"
  assert.equal(formatSize(2 ** 20), "1.0 MiB");
  assert.equal(formatSize(1e9), "953.7 MiB"); // a decimal GB is not yet a GiB
  assert.equal(formatSize(1100 * 2 ** 20), "1.1 GiB");
  assert.equal(formatSize(2 ** 30 - 2 ** 20), "1023.0 MiB");
  assert.equal(formatSize(2 ** 30 - 1), "1.0 GiB"); // never "1024.0 MiB"
  assert.equal(formatSize(2 ** 30), "1.0 GiB");
  assert.equal(formatSize(1.5 * 2 ** 30), "1.5 GiB");
  assert.equal(formatSize(Infinity), "Infinity"); // no limit, as the readers' default maxBytes
});
