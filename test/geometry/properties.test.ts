// Property tests over the whole parameter space: every value of every parameter is drawn from
// its PARAM_SPECS range (the mask domain aside: it needs a volume, see domain.test.ts). The work
// is bounded by drawing terminals ≤ 400 and maxSegments ≤ 4,000.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PARAM_SPECS, PRESETS, growTree, murrayResidual, resolveParams, treeStats, type GrowParams } from "../../src/geometry/index.js";
import { allFinite, clearanceViolations, segmentCount } from "./checks.js";

const CAPS: Partial<Record<keyof GrowParams, number>> = { terminals: 400, maxSegments: 4000 };

const arbitraries = Object.fromEntries(
  PARAM_SPECS.map((s) => {
    switch (s.type) {
      case "enum":
        return [s.key, fc.constantFrom(...s.options!.filter((o) => o !== "mask"))];
      case "boolean":
        return [s.key, fc.boolean()];
      case "integer":
        return [s.key, fc.integer({ min: s.min!, max: Math.min(s.max!, CAPS[s.key] ?? s.max!) })];
      default: {
        // Lengths span orders of magnitude: draw them log-uniformly so small values come up too.
        if (s.scale === "log" && s.min! > 0)
          return [s.key, fc.double({ min: Math.log(s.min!), max: Math.log(s.max!), noNaN: true }).map((x) => Math.min(s.max!, Math.max(s.min!, Math.exp(x))))];
        return [s.key, fc.double({ min: s.min!, max: s.max!, noNaN: true, noDefaultInfinity: true })];
      }
    }
  }),
);

/** Any valid parameter set: each value in range, then the cross-parameter rules made to hold. */
const validParams = fc.record(arbitraries as Record<string, fc.Arbitrary<unknown>>).map((raw) => {
  const p = raw as unknown as GrowParams;
  [p.minRadius, p.maxRadius] = [Math.min(p.minRadius, p.maxRadius), Math.max(p.minRadius, p.maxRadius)];
  p.rootRadius = Math.min(p.maxRadius, Math.max(p.minRadius, p.rootRadius));
  for (const k of ["stenosis", "aneurysm", "tortuosity"] as const) {
    const lo = p[`${k}SeverityMin`],
      hi = p[`${k}SeverityMax`];
    [p[`${k}SeverityMin`], p[`${k}SeverityMax`]] = [Math.min(lo, hi), Math.max(lo, hi)];
  }
  return p;
});

/**
 * Valid sets near a preset's scale: every length within a factor of two of the preset's (so that
 * radii, steps, clearance and domain stay commensurate and trees grow), pathology probabilities
 * up to 0.3, everything else drawn from its whole range without fast-check's bias towards the
 * extremes (the first property has those).
 */
const nearPreset = fc
  .tuple(
    fc.constantFrom(...Object.keys(PRESETS)),
    fc.noBias(validParams),
    fc.array(fc.double({ min: -0.7, max: 0.7, noNaN: true }), { minLength: PARAM_SPECS.length, maxLength: PARAM_SPECS.length }),
  )
  .map(([preset, drawn, factors]) => {
    const params = { ...drawn } as unknown as Record<string, unknown>;
    const base = PRESETS[preset].params as unknown as Record<string, number>;
    PARAM_SPECS.forEach((s, i) => {
      if (s.unit === "length") params[s.key] = Math.min(s.max!, Math.max(s.min!, base[s.key] * Math.exp(factors[i])));
      // Pathologies at up to 30 % per branch (at 100 % occlusion alone stops every tree at its first split).
      if (s.key.endsWith("Probability")) params[s.key] = 0.3 * (params[s.key] as number);
    });
    params.domain = base.domain;
    params.unit = base.unit;
    const p = params as unknown as GrowParams;
    [p.minRadius, p.maxRadius] = [Math.min(p.minRadius, p.maxRadius), Math.max(p.minRadius, p.maxRadius)];
    p.rootRadius = Math.min(p.maxRadius, Math.max(p.minRadius, p.rootRadius));
    return { preset, params: p };
  });

/** Grows a tree and checks what must hold for any valid parameters. */
function check(preset: string, params: GrowParams, seed: number): number {
  const resolved = resolveParams(preset, params);
  const t0 = performance.now();
  const tree = growTree({ preset, seed, params });
  const ms = performance.now() - t0;
  assert.ok(ms < 3000, `took ${ms} ms`);
  assert.ok(allFinite(tree), "a number is not finite");
  assert.ok(tree.nodes.length >= 1);
  assert.ok(segmentCount(tree) <= resolved.maxSegments);
  const s = treeStats(tree);
  assert.ok(s.terminals <= Math.max(resolved.terminals, s.roots), "terminals within the target (at least one per root)");
  assert.ok(s.murrayResidual.max < 1e-9, `Murray residual ${s.murrayResidual.max}`);
  assert.ok(!JSON.stringify(s).includes("null"), "a statistic is NaN");
  for (const n of tree.nodes) assert.ok(n.r > 0);
  if (segmentCount(tree) <= 1500) assert.deepEqual(clearanceViolations(tree, resolved.clearance, 1), []);
  return segmentCount(tree);
}

test("growTree over random valid parameters from the whole space (fast-check) never throws, stays finite and keeps its laws", () => {
  fc.assert(
    fc.property(validParams, fc.integer({ min: 0, max: 2 ** 31 }), (params, seed) => {
      check("brain", params, seed);
    }),
    { numRuns: 60, seed: 20240611 },
  );
});

test("growTree over random valid parameters near each preset's scale (fast-check) grows trees that keep their laws", () => {
  let grown = 0;
  fc.assert(
    fc.property(nearPreset, fc.integer({ min: 0, max: 2 ** 31 }), ({ preset, params }, seed) => {
      if (check(preset, params, seed) > 20) grown++;
    }),
    { numRuns: 40, seed: 99 },
  );
  assert.ok(grown >= 20, `only ${grown} of 40 trees grew more than 20 segments`);
});

test("resolveParams over random out-of-range values (fast-check) throws a RangeError naming the parameter", () => {
  const numeric = PARAM_SPECS.filter((s) => s.type === "number" || s.type === "integer");
  fc.assert(
    fc.property(fc.constantFrom(...numeric), fc.boolean(), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (spec, below, by) => {
      const value = below ? spec.min! - by : spec.max! + by;
      assert.throws(
        () => resolveParams("brain", { [spec.key]: value }),
        (e: unknown) => e instanceof RangeError && e.message.startsWith(`${spec.key} = `) && e.message.includes(`[${spec.min}, ${spec.max}]`),
      );
    }),
    { numRuns: 200, seed: 7 },
  );
});

test("murrayResidual at every bifurcation stays below 1e-9 for any exponent and asymmetry (fast-check)", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1.1, max: 4, noNaN: true }),
      fc.double({ min: 0, max: 0.95, noNaN: true }),
      fc.integer({ min: 0, max: 1000 }),
      (gamma, asymmetry, seed) => {
        const tree = growTree({ preset: "kidney", seed, params: { murrayExponent: gamma, asymmetry, terminals: 20 } });
        const kids: number[][] = tree.nodes.map(() => []);
        tree.nodes.forEach((n, i) => n.parent >= 0 && kids[n.parent].push(i));
        kids.forEach((k, i) => {
          if (k.length === 2)
            assert.ok(
              murrayResidual(
                tree.nodes[i].r,
                k.map((j) => tree.nodes[j].r),
                gamma,
              ) < 1e-9,
            );
        });
      },
    ),
    { numRuns: 30, seed: 3 },
  );
});
