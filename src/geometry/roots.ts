/**
 * Where the inflow vessels enter, per layout: positions in the domain's box normalised to
 * [-1, 1]³ (x right, y anterior, z superior), directions, and radii as fractions of rootRadius.
 */
import type { Vec3 } from "../volume/index.js";
import type { Domain } from "./domain.js";
import type { GrowParams, RootLayout } from "./params.js";
import { normalise, orthogonalise } from "./vec3.js";
import { cos, sin } from "../math/index.js";

export interface RootSpec {
  at: Vec3;
  dir: Vec3;
  radius: number;
}

export interface Root {
  p: Vec3;
  dir: Vec3;
  r: number;
}

/** The root specs of a layout; `count` is used by the face layouts (bottom, top). */
export function rootLayout(layout: RootLayout, count: number): RootSpec[] {
  switch (layout) {
    case "willis": // internal carotids left and right, basilar behind them, all entering from below
      return [
        { at: [-0.2, 0.15, -0.7], dir: [-0.25, 0.3, 1], radius: 1 },
        { at: [0.2, 0.15, -0.7], dir: [0.25, 0.3, 1], radius: 1 },
        { at: [0, -0.25, -0.75], dir: [0, -0.35, 1], radius: 0.75 },
      ];
    case "hilum": // renal artery entering the medial side
      return [{ at: [-0.85, 0, 0], dir: [1, 0, 0.1], radius: 1 }];
    case "porta": // portal trunk entering the inferior surface, towards the right lobe
      return [{ at: [0.1, -0.1, -0.75], dir: [-0.4, 0.2, 1], radius: 1 }];
    case "coronary": // left and right coronary ostia near the base, running down over the surface
      return [
        { at: [-0.35, 0.5, 0.75], dir: [-0.6, 0.3, -1], radius: 1 },
        { at: [0.4, 0.45, 0.75], dir: [0.7, 0.1, -1], radius: 0.85 },
      ];
    case "bottom":
    case "top": {
      const z = layout === "bottom" ? -0.9 : 0.9;
      return spread(count).map(([x, y]) => ({ at: [x, y, z], dir: [0, 0, -z], radius: 1 }));
    }
  }
}

/** Points spread evenly over the disc of radius 0.7 (a sunflower pattern): deterministic, no clumps. */
function spread(count: number): Array<[number, number]> {
  if (count === 1) return [[0, 0]];
  const golden = Math.PI * (3 - Math.sqrt(5));
  return Array.from({ length: count }, (_, i) => {
    const rr = 0.7 * Math.sqrt((i + 0.5) / count);
    return [rr * cos(i * golden), rr * sin(i * golden)];
  });
}

/**
 * The roots of a tree in world coordinates: each spec placed in the domain's box, moved
 * inside the domain when it falls outside, its direction kept to the surface on a shell.
 * Roots that cannot be placed inside are dropped.
 */
export function placeRoots(params: GrowParams, domain: Domain): Root[] {
  const roots: Root[] = [];
  for (const spec of rootLayout(params.rootLayout, params.rootCount)) {
    const r = Math.min(params.maxRadius, Math.max(params.minRadius, spec.radius * params.rootRadius));
    const guess: Vec3 = [0, 1, 2].map((a) => domain.centre[a] + spec.at[a] * domain.half[a]) as Vec3;
    const p = domain.snap(guess, r) ?? domain.snap(guess, 0);
    if (!p) continue;
    let dir = normalise(spec.dir);
    const n = domain.normal(p);
    if (n) dir = orthogonalise(dir, n);
    roots.push({ p, dir, r });
  }
  return roots;
}
