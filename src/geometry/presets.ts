/**
 * Named starting points: anatomy at its real scale. Each preset is a complete GrowParams
 * (the brain values are the base, the others override what differs). Scales were checked
 * against real vessel masks with scripts/compare-presets.ts (see src/geometry/README.markdown).
 */
import type { GrowParams } from "./params.js";
import type { LengthUnit } from "./tree.js";

export interface Preset {
  description: string;
  unit: LengthUnit;
  params: GrowParams;
}

/** Brain arteries: the default, about 1,000 segments. */
const BRAIN: GrowParams = {
  unit: "mm",
  domain: "ellipsoid",
  domainX: 140,
  domainY: 170,
  domainZ: 120,
  shellThickness: 0.1,
  rootLayout: "willis",
  rootCount: 3,
  terminals: 100,
  maxSegments: 200000,
  murrayExponent: 3,
  asymmetry: 0.5,
  asymmetrySpread: 0.5,
  angleJitter: 8,
  lengthRatio: 7,
  lengthSpread: 0.9,
  rootRadius: 2.2,
  minRadius: 0.45,
  maxRadius: 2.5,
  taper: 0.04,
  stepRatio: 2,
  curvature: 3,
  tortuosity: 0.12,
  waveRatio: 24,
  clearance: 0.1,
  retries: 6,
  stenosisProbability: 0.01,
  stenosisSeverityMin: 0.3,
  stenosisSeverityMax: 0.7,
  stenosisLength: 6,
  aneurysmProbability: 0.005,
  aneurysmSeverityMin: 0.8,
  aneurysmSeverityMax: 2,
  aneurysmSaccular: 0.8,
  fusiformLength: 8,
  occlusionProbability: 0.005,
  tortuosityProbability: 0.01,
  tortuositySeverityMin: 0.5,
  tortuositySeverityMax: 1.2,
};

function preset(description: string, params: Partial<GrowParams>): Preset {
  const full = { ...BRAIN, ...params };
  return { description, unit: full.unit, params: full };
}

export const PRESETS: Readonly<Record<string, Preset>> = {
  brain: preset(
    "Brain arteries from a Circle-of-Willis-like inflow (two internal carotids and the basilar entering from below) in a 140×170×120 mm ellipsoid; radii 2.2 mm down to 0.45 mm (about the smallest a 0.5 mm TOF-MRA resolves).",
    {},
  ),
  kidney: preset("Renal arterial tree: one renal artery entering at the hilum of a 60×40×110 mm ellipsoid; radii 2.5 mm down to 0.1 mm.", {
    domainX: 60,
    domainY: 40,
    domainZ: 110,
    rootLayout: "hilum",
    rootRadius: 2.5,
    maxRadius: 2.5,
    minRadius: 0.1,
    terminals: 250,
    lengthRatio: 8,
    stepRatio: 2.5,
    asymmetry: 0.3,
    curvature: 2.5,
    tortuosity: 0.06,
    stenosisProbability: 0,
    aneurysmProbability: 0,
    occlusionProbability: 0,
    tortuosityProbability: 0,
  }),
  liver: preset("Hepatic portal tree: one trunk entering at the porta of a 200×150×120 mm ellipsoid; radii 6 mm down to 0.4 mm.", {
    domainX: 200,
    domainY: 150,
    domainZ: 120,
    rootLayout: "porta",
    rootRadius: 6,
    maxRadius: 6,
    minRadius: 0.4,
    terminals: 300,
    lengthRatio: 7,
    stepRatio: 2.5,
    asymmetry: 0.35,
    curvature: 2,
    tortuosity: 0.05,
    stenosisProbability: 0,
    aneurysmProbability: 0,
    occlusionProbability: 0,
    tortuosityProbability: 0,
  }),
  coronary: preset(
    "Coronary arteries: left and right ostia near the base of the heart, growing over a 5 mm epicardial shell of a 100×90×120 mm ellipsoid; radii 2 mm down to 0.25 mm.",
    {
      domain: "shell",
      domainX: 100,
      domainY: 90,
      domainZ: 120,
      shellThickness: 0.1,
      rootLayout: "coronary",
      rootRadius: 2,
      maxRadius: 2,
      minRadius: 0.25,
      terminals: 80,
      lengthRatio: 12,
      stepRatio: 2.5,
      asymmetry: 0.6,
      curvature: 2,
      tortuosity: 0.1,
      stenosisProbability: 0.02,
      aneurysmProbability: 0,
      occlusionProbability: 0,
      tortuosityProbability: 0,
    },
  ),
  microvascular: preset(
    "Cortical microvasculature (two-photon scale, in µm): sixteen penetrating arterioles entering from the pial surface of a 300 µm box, branching down to capillaries; radii 7 µm down to 1.3 µm (about 11,000 segments).",
    {
      unit: "um",
      domain: "box",
      domainX: 300,
      domainY: 300,
      domainZ: 300,
      rootLayout: "top",
      rootCount: 16,
      rootRadius: 7,
      maxRadius: 10,
      minRadius: 1.3,
      terminals: 2500,
      lengthRatio: 4,
      lengthSpread: 1,
      asymmetry: 0.4,
      stepRatio: 2,
      curvature: 6,
      tortuosity: 0.15,
      waveRatio: 16,
      clearance: 0.5,
      taper: 0,
      stenosisProbability: 0,
      aneurysmProbability: 0,
      occlusionProbability: 0,
      tortuosityProbability: 0,
    },
  ),
};

export const DEFAULT_PRESET = "brain";
