// The Voxelise page as a user meets it: the tree from the URL, voxelised on the GPU when there
// is one (SwiftShader here) and on the CPU (in a worker) when asked, with the same result.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { growTree } from "../../src/geometry/index.js";
import { gridForTree, voxeliseCpu } from "../../src/voxel/index.js";
import { useLab, openPage, settle } from "../support/site.js";

describe("the Voxelise page", () => {
  const lab = useLab();

  for (const path of ["gpu", "cpu"] as const) {
    test(`voxelises the URL's tree on the ${path.toUpperCase()} and counts the same vessel voxels as the CPU reference in Node`, async () => {
      const { page, problems } = await openPage(lab, `/voxelise?preset=brain&seed=4&terminals=40&size=64&path=${path}`);
      await settle(page);
      const status = page.locator("#voxelise-status");
      assert.equal(await status.getAttribute("data-path"), path, await status.innerText());
      const tree = growTree({ preset: "brain", seed: 4, params: { terminals: 40 } });
      const maps = voxeliseCpu(tree, gridForTree(tree, { size: 64 }));
      const want = maps.binary.data.reduce((a, b) => a + b, 0);
      const text = await page.locator("main").innerText();
      const got = Number(/Vessel voxels \(binary\)\s+([\d,]+)/.exec(text)![1].replace(/,/g, ""));
      // The GPU may differ at a voxel or two whose fraction sits within float rounding of ½.
      assert.ok(Math.abs(got - want) <= 2, `page ${got} vs Node ${want}`);
      if (path === "cpu") assert.match(await status.innerText(), /CPU because you chose the CPU/);
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.console, []);
      await page.context().close();
    });
  }
});
