import { test } from "node:test";
import assert from "node:assert/strict";
import { createDomain, growTree, resolveParams } from "../../src/geometry/index.js";
import { axisAlignedAffine, createVolume, index3 } from "../../src/volume/index.js";
import { clearanceViolations } from "./checks.js";

test("createDomain(params) builds sphere, ellipsoid, box and shell centred on the origin, with their volumes", () => {
  const at = (domain: string) => createDomain(resolveParams("brain", { domain: domain as never, domainX: 100, domainY: 60, domainZ: 40, shellThickness: 0.2 }));
  const sphere = at("sphere");
  assert.ok(sphere.contains(49, 0, 0, 0) && !sphere.contains(49, 0, 0, 2) && !sphere.contains(0, 51, 0, 0));
  assert.ok(Math.abs(sphere.volume - (4 / 3) * Math.PI * 50 ** 3) < 1e-6);
  const ell = at("ellipsoid");
  assert.ok(ell.contains(0, 29, 0, 0) && !ell.contains(0, 31, 0, 0) && !ell.contains(0, 0, 21, 0));
  const box = at("box");
  assert.ok(box.contains(49, 29, 19, 0) && !box.contains(49, 29, 19, 2));
  assert.equal(box.volume, 100 * 60 * 40);
  const shell = at("shell");
  assert.ok(!shell.contains(0, 0, 0, 0) && shell.contains(0, 0, 18, 0) && !shell.contains(0, 0, 15, 0));
  const n = shell.normal([0, 0, 18])!;
  assert.deepEqual(
    n.map((x) => Math.round(x)),
    [0, 0, 1],
  );
  assert.deepEqual(shell.project([0, 0, 10]), [0, 0, 18]);
  assert.equal(box.normal([0, 0, 0]), null);
});

/** A 40×30×20 mask of 1 mm voxels: an L-shaped region (a slab and an arm), origin at (−20, −15, −10). */
function lMask() {
  const mask = createVolume(Uint8Array, [40, 30, 20], [1, 1, 1], axisAlignedAffine([1, 1, 1], [-20, -15, -10]));
  for (let k = 2; k < 18; k++) for (let j = 2; j < 28; j++) for (let i = 2; i < 38; i++) if (i < 14 || j < 12) mask.data[index3(mask.dims, i, j, k)] = 1;
  return mask;
}

test("createDomain(params, mask) reads the mask in world coordinates, and throws a RangeError for an empty one", () => {
  const mask = lMask();
  const d = createDomain(resolveParams("brain", { domain: "mask" }), mask);
  assert.ok(d.contains(-15, 10, 0, 0), "in the arm");
  assert.ok(!d.contains(15, 10, 0, 0), "outside the L");
  assert.equal(d.volume, 16 * (12 * 26 + 24 * 10));
  const empty = createVolume(Uint8Array, [4, 4, 4]);
  assert.throws(
    () => createDomain(resolveParams("brain", { domain: "mask" }), empty),
    (e: unknown) => e instanceof RangeError && /mask: the domain mask is empty/.test(e.message),
  );
  assert.throws(() => growTree({ mask: empty }), /domain mask is empty/);
});

test("growTree({mask}) grows inside the mask only, clear of itself", () => {
  const mask = lMask();
  const tree = growTree({
    preset: "brain",
    seed: 3,
    mask,
    params: { terminals: 40, rootRadius: 1, maxRadius: 1, minRadius: 0.2, rootLayout: "bottom", rootCount: 2 },
  });
  assert.equal(tree.generator.params.domain, "mask");
  assert.ok(tree.nodes.length > 20);
  const d = createDomain(resolveParams("brain", { domain: "mask" }), mask);
  for (const n of tree.nodes) assert.ok(d.contains(n.p[0], n.p[1], n.p[2], 0), `node at ${n.p} is outside the mask`);
  assert.deepEqual(clearanceViolations(tree, tree.generator.params.clearance as number), []);
});

test("growTree(options) grows the coronary preset on its shell", () => {
  const tree = growTree({ preset: "coronary", seed: 1, params: { terminals: 30 } });
  const d = createDomain(resolveParams("coronary", {}));
  for (const n of tree.nodes) assert.ok(d.contains(n.p[0], n.p[1], n.p[2], 0));
});
