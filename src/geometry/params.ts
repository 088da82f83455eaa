/**
 * Every growth parameter, described as data: the page builds its controls from PARAM_SPECS,
 * the CLI a flag for each, resolveParams validates against it, and the property tests sample
 * its ranges. Lengths (unit "length") are in the tree's unit: mm, or µm for µm presets.
 */
import type { LengthUnit } from "./tree.js";

export type DomainKind = "ellipsoid" | "sphere" | "box" | "shell" | "mask";
export type RootLayout = "willis" | "bottom" | "top" | "hilum" | "porta" | "coronary";

export interface GrowParams {
  // Domain
  unit: LengthUnit;
  domain: DomainKind;
  domainX: number;
  domainY: number;
  domainZ: number;
  shellThickness: number;
  // Roots
  rootLayout: RootLayout;
  rootCount: number;
  // Branching
  terminals: number;
  maxSegments: number;
  murrayExponent: number;
  asymmetry: number;
  asymmetrySpread: number;
  angleJitter: number;
  lengthRatio: number;
  lengthSpread: number;
  // Radii
  rootRadius: number;
  minRadius: number;
  maxRadius: number;
  taper: number;
  // Curvature
  stepRatio: number;
  curvature: number;
  tortuosity: number;
  waveRatio: number;
  // Collisions
  clearance: number;
  retries: number;
  // Pathology
  stenosisProbability: number;
  stenosisSeverityMin: number;
  stenosisSeverityMax: number;
  stenosisLength: number;
  aneurysmProbability: number;
  aneurysmSeverityMin: number;
  aneurysmSeverityMax: number;
  aneurysmSaccular: number;
  fusiformLength: number;
  occlusionProbability: number;
  tortuosityProbability: number;
  tortuositySeverityMin: number;
  tortuositySeverityMax: number;
}

export type ParamGroup = "Domain" | "Roots" | "Branching" | "Radii" | "Curvature" | "Collisions" | "Pathology";

export interface ParamSpec {
  key: keyof GrowParams;
  label: string;
  group: ParamGroup;
  type: "number" | "integer" | "boolean" | "enum";
  /** Inclusive bounds (number and integer). */
  min?: number;
  max?: number;
  /** A sensible control step. */
  step?: number;
  /** "length" means the tree's unit (PRESETS[name].unit); "" for pure numbers. */
  unit: string;
  /** Allowed values (enum). */
  options?: readonly string[];
  /** How a slider should map its range. */
  scale?: "linear" | "log";
  description: string;
}

const len = { unit: "length", scale: "log" } as const;
const fraction = { type: "number", min: 0, max: 1, step: 0.01, unit: "" } as const;

export const PARAM_SPECS: readonly ParamSpec[] = [
  {
    key: "unit",
    label: "Unit",
    group: "Domain",
    type: "enum",
    options: ["mm", "um"],
    unit: "",
    description: "Unit of every length of the tree and of the length parameters (um = micrometre).",
  },
  {
    key: "domain",
    label: "Domain shape",
    group: "Domain",
    type: "enum",
    options: ["ellipsoid", "sphere", "box", "shell", "mask"],
    unit: "",
    description: "Region the vessels grow in, centred on the origin; shell is an ellipsoidal surface layer (coronary); mask needs a mask volume.",
  },
  {
    key: "domainX",
    label: "Domain size x",
    group: "Domain",
    type: "number",
    min: 1,
    max: 2000,
    step: 1,
    ...len,
    description: "Full extent along x (a sphere's diameter).",
  },
  {
    key: "domainY",
    label: "Domain size y",
    group: "Domain",
    type: "number",
    min: 1,
    max: 2000,
    step: 1,
    ...len,
    description: "Full extent along y (ignored by the sphere).",
  },
  {
    key: "domainZ",
    label: "Domain size z",
    group: "Domain",
    type: "number",
    min: 1,
    max: 2000,
    step: 1,
    ...len,
    description: "Full extent along z (ignored by the sphere).",
  },
  {
    key: "shellThickness",
    label: "Shell thickness",
    group: "Domain",
    type: "number",
    min: 0.02,
    max: 1,
    step: 0.01,
    unit: "",
    description: "Shell domain only: thickness as a fraction of the outer ellipsoid (the inner one is scaled by 1 − this).",
  },

  {
    key: "rootLayout",
    label: "Root layout",
    group: "Roots",
    type: "enum",
    options: ["willis", "bottom", "top", "hilum", "porta", "coronary"],
    unit: "",
    description:
      "Where the inflow vessels enter: willis (two carotids and the basilar from below), bottom/top (rootCount vessels through a face), hilum (kidney), porta (liver), coronary (two ostia on a shell).",
  },
  {
    key: "rootCount",
    label: "Root count",
    group: "Roots",
    type: "integer",
    min: 1,
    max: 64,
    step: 1,
    unit: "",
    description: "Number of roots for the bottom and top layouts (others fix their own).",
  },

  {
    key: "terminals",
    label: "Terminals",
    group: "Branching",
    type: "integer",
    min: 1,
    max: 20000,
    step: 1,
    unit: "",
    scale: "log",
    description: "Target number of terminal branches (at least one per root); growth stops branching when it is reached (fewer if radii or space run out).",
  },
  {
    key: "maxSegments",
    label: "Max segments",
    group: "Branching",
    type: "integer",
    min: 1,
    max: 1000000,
    step: 1,
    unit: "",
    scale: "log",
    description: "Hard cap on segments (node–parent edges): bounds the work whatever the other parameters.",
  },
  {
    key: "murrayExponent",
    label: "Murray exponent γ",
    group: "Branching",
    type: "number",
    min: 1.1,
    max: 4,
    step: 0.05,
    unit: "",
    description: "Radii at a bifurcation satisfy r0^γ = r1^γ + r2^γ (3: Murray's law; 2: area-preserving).",
  },
  {
    key: "asymmetry",
    label: "Asymmetry",
    group: "Branching",
    type: "number",
    min: 0,
    max: 0.95,
    step: 0.01,
    unit: "",
    description: "0: symmetric bifurcations; towards 1 the smaller daughter takes a share (1 − a)/2 of r0^γ (side branches).",
  },
  {
    key: "asymmetrySpread",
    label: "Asymmetry spread",
    group: "Branching",
    type: "number",
    min: 0,
    max: 1.5,
    step: 0.05,
    unit: "",
    description: "Log-normal spread of the smaller daughter's share from one bifurcation to the next.",
  },
  {
    key: "angleJitter",
    label: "Angle jitter",
    group: "Branching",
    type: "number",
    min: 0,
    max: 45,
    step: 0.5,
    unit: "deg",
    description: "Standard deviation added to the optimal (Murray–Zamir) branching angles.",
  },
  {
    key: "lengthRatio",
    label: "Length / radius",
    group: "Branching",
    type: "number",
    min: 1,
    max: 100,
    step: 0.5,
    unit: "",
    scale: "log",
    description: "Mean branch length between bifurcations, in radii of the branch.",
  },
  {
    key: "lengthSpread",
    label: "Length spread",
    group: "Branching",
    type: "number",
    min: 0,
    max: 1.5,
    step: 0.05,
    unit: "",
    description: "Log-normal spread of branch lengths (clamped to ±2 standard deviations).",
  },

  {
    key: "rootRadius",
    label: "Root radius",
    group: "Radii",
    type: "number",
    min: 0.01,
    max: 50,
    step: 0.01,
    ...len,
    description: "Radius of the largest root (the others are fixed fractions of it, per layout).",
  },
  {
    key: "minRadius",
    label: "Min radius",
    group: "Radii",
    type: "number",
    min: 0.01,
    max: 50,
    step: 0.01,
    ...len,
    description: "No healthy vessel is thinner: a bifurcation whose smaller daughter would be thinner is made less symmetric, or not made.",
  },
  {
    key: "maxRadius",
    label: "Max radius",
    group: "Radii",
    type: "number",
    min: 0.01,
    max: 50,
    step: 0.01,
    ...len,
    description: "No healthy vessel is thicker (roots are checked against it).",
  },
  {
    key: "taper",
    label: "Taper",
    group: "Radii",
    type: "number",
    min: 0,
    max: 0.8,
    step: 0.01,
    unit: "",
    description: "Fraction of its radius a branch loses from its start to its end (never below min radius).",
  },

  {
    key: "stepRatio",
    label: "Step / radius",
    group: "Curvature",
    type: "number",
    min: 0.5,
    max: 10,
    step: 0.1,
    unit: "",
    description: "Segment length in radii: how finely the centreline curve is sampled.",
  },
  {
    key: "curvature",
    label: "Curvature",
    group: "Curvature",
    type: "number",
    min: 0,
    max: 30,
    step: 0.5,
    unit: "deg",
    description: "Typical turning of a branch per radius of length; the turning rate drifts smoothly, so each branch is a smooth curve.",
  },
  {
    key: "tortuosity",
    label: "Tortuosity",
    group: "Curvature",
    type: "number",
    min: 0,
    max: 1,
    step: 0.01,
    unit: "",
    description: "Amplitude of a sinusoidal wiggle about the centreline, as (amplitude·π / wavelength); the distance metric is about 1 + t².",
  },
  {
    key: "waveRatio",
    label: "Wavelength / radius",
    group: "Curvature",
    type: "number",
    min: 4,
    max: 200,
    step: 1,
    unit: "",
    scale: "log",
    description: "Wavelength of that wiggle, in radii.",
  },

  {
    key: "clearance",
    label: "Clearance",
    group: "Collisions",
    type: "number",
    min: 0,
    max: 50,
    step: 0.01,
    unit: "length",
    description: "Smallest gap between the walls of two vessels that are not neighbours along the tree.",
  },
  {
    key: "retries",
    label: "Retries",
    group: "Collisions",
    type: "integer",
    min: 0,
    max: 20,
    step: 1,
    unit: "",
    description: "Directions tried around an obstacle (or back into the domain) before a branch stops.",
  },

  { key: "stenosisProbability", label: "Stenosis probability", group: "Pathology", ...fraction, description: "Chance that a branch carries a stenosis." },
  {
    key: "stenosisSeverityMin",
    label: "Stenosis severity min",
    group: "Pathology",
    type: "number",
    min: 0.05,
    max: 0.95,
    step: 0.01,
    unit: "",
    description: "Smallest narrowing, as a fraction of the radius (0.5 = 50 %).",
  },
  {
    key: "stenosisSeverityMax",
    label: "Stenosis severity max",
    group: "Pathology",
    type: "number",
    min: 0.05,
    max: 0.95,
    step: 0.01,
    unit: "",
    description: "Largest narrowing, as a fraction of the radius.",
  },
  {
    key: "stenosisLength",
    label: "Stenosis length",
    group: "Pathology",
    type: "number",
    min: 1,
    max: 40,
    step: 0.5,
    unit: "",
    description: "Length of the narrowed stretch, in radii (smooth cosine profile).",
  },
  { key: "aneurysmProbability", label: "Aneurysm probability", group: "Pathology", ...fraction, description: "Chance that a branch carries an aneurysm." },
  {
    key: "aneurysmSeverityMin",
    label: "Aneurysm severity min",
    group: "Pathology",
    type: "number",
    min: 0.1,
    max: 4,
    step: 0.05,
    unit: "",
    description: "Smallest dilation: sac (or bulge) radius / vessel radius − 1.",
  },
  {
    key: "aneurysmSeverityMax",
    label: "Aneurysm severity max",
    group: "Pathology",
    type: "number",
    min: 0.1,
    max: 4,
    step: 0.05,
    unit: "",
    description: "Largest dilation: sac (or bulge) radius / vessel radius − 1.",
  },
  {
    key: "aneurysmSaccular",
    label: "Saccular share",
    group: "Pathology",
    ...fraction,
    description: "Share of aneurysms that are saccular (a sac beside the vessel); the rest are fusiform (the vessel bulges).",
  },
  {
    key: "fusiformLength",
    label: "Fusiform length",
    group: "Pathology",
    type: "number",
    min: 2,
    max: 40,
    step: 0.5,
    unit: "",
    description: "Length of a fusiform bulge, in radii.",
  },
  {
    key: "occlusionProbability",
    label: "Occlusion probability",
    group: "Pathology",
    ...fraction,
    description: "Chance that a (non-root) branch is occluded: it stops part way and its subtree is not grown.",
  },
  {
    key: "tortuosityProbability",
    label: "High-tortuosity probability",
    group: "Pathology",
    ...fraction,
    description: "Chance that a branch coils or kinks (a large planar or helical wiggle).",
  },
  {
    key: "tortuositySeverityMin",
    label: "Tortuosity severity min",
    group: "Pathology",
    type: "number",
    min: 0.1,
    max: 2,
    step: 0.05,
    unit: "",
    description: "Smallest wiggle amplitude of a tortuous branch, on the tortuosity scale.",
  },
  {
    key: "tortuositySeverityMax",
    label: "Tortuosity severity max",
    group: "Pathology",
    type: "number",
    min: 0.1,
    max: 2,
    step: 0.05,
    unit: "",
    description: "Largest wiggle amplitude of a tortuous branch, on the tortuosity scale.",
  },
];

/** The spec of one parameter (throws a RangeError for an unknown key). */
export function paramSpec(key: string): ParamSpec {
  const spec = PARAM_SPECS.find((s) => s.key === key);
  if (!spec) throw new RangeError(`unknown parameter "${key}"; known: ${PARAM_SPECS.map((s) => s.key).join(", ")}`);
  return spec;
}
