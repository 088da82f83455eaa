/**
 * The names the pages show for imaging effects, tuned imaging parameters, modalities and off-domain shifts: plain
 * words first, the technical name (what `off=`, the parameter record, the CLI and the code call it) and what it does
 * one click away. One table, so every page says the same and a test can check that nothing the pages show lacks one.
 */
import { EFFECTS, MODALITIES, MODALITY_INFO, type EffectName, type Modality } from "../imaging/index.js";
import { TUNABLES } from "./imagingTunables.js";
import { DOMAIN_SHIFTS, type DomainShift } from "./offDomain.js";

export interface PlainName {
  /** What the page shows. */
  plain: string;
  /** The technical name: the effect's name in `off=` and the code, or the parameter's place in the record. */
  technical: string;
  /** What it does, in a sentence that may use the technical words. */
  what: string;
}

export const EFFECT_NAMES: Readonly<Record<EffectName, PlainName>> = {
  texture: { plain: "tissue texture", technical: "texture", what: "smooth value-noise texture of the background (background.texture)" },
  blobs: { plain: "soft light and dark patches", technical: "blobs", what: "soft spheres added to or taken from the background (background.blobs)" },
  cells: { plain: "small cells", technical: "cells", what: "small bright or dark spheres in the tissue, like cells or nuclei (background.cells)" },
  perlin: { plain: "folded texture", technical: "perlin", what: "Perlin gradient noise added to the background (perlin.amplitude)" },
  voronoi: {
    plain: "patchwork texture",
    technical: "voronoi",
    what: "Voronoi cells: a piecewise-constant texture added to the background (voronoi.amplitude)",
  },
  body: { plain: "body outline", technical: "body", what: "an ellipsoid of tissue with air outside and a shell such as skull or fat (body)" },
  inversion: { plain: "dark vessels", technical: "inversion", what: "vessels darker than the tissue instead of brighter (vessels.invert)" },
  classGain: {
    plain: "contrast in narrowings and aneurysms",
    technical: "classGain",
    what: "the vessel contrast multiplied in stenosis and aneurysm voxels (vessels.classGain)",
  },
  flowFade: {
    plain: "contrast fading along the flow",
    technical: "flowFade",
    what: "the vessel contrast falling exponentially with the flow distance from the root (vessels.flowFade)",
  },
  partialVolume: {
    plain: "soft vessel edges",
    technical: "partialVolume",
    what: "each voxel mixed by the fraction of it inside a vessel; off: hard edges from the binary label (vessels.partialVolume)",
  },
  addedVessels: {
    plain: "background showing through vessels",
    technical: "addedVessels",
    what: "the vessel contrast added to the background texture instead of painted over it (vessels.additive)",
  },
  distractors: { plain: "look-alike tubes and spots", technical: "distractors", what: "bright tubes and blobs that are not vessels (distractors)" },
  bias: {
    plain: "uneven brightness",
    technical: "bias",
    what: "a smooth multiplicative bias field over the volume, from Legendre polynomials (bias.strength)",
  },
  attenuation: { plain: "fading with depth", technical: "attenuation", what: "the signal falling exponentially along the depth axis (attenuation.endRatio)" },
  dropouts: { plain: "patches of lost signal", technical: "dropouts", what: "boxes or slabs where the signal is scaled down (dropouts)" },
  motion: { plain: "motion ghosts and smears", technical: "motion", what: "shifted copies along the phase-encode axis, or a motion blur (motion)" },
  blur: { plain: "blur", technical: "blur", what: "a Gaussian point-spread function (blur.sigma)" },
  resolution: { plain: "thick slices and coarse voxels", technical: "resolution", what: "acquired on a coarser grid, then resampled back (resolution.factor)" },
  gibbs: { plain: "ringing at sharp edges", technical: "gibbs", what: "Gibbs ringing: k-space truncated along some axes (gibbs.cutoff)" },
  spikes: {
    plain: "stripes across the image",
    technical: "spikes",
    what: "k-space spikes: a few bright points in k-space, each a stripe pattern in the image (spikes.amplitude)",
  },
  noise: { plain: "noise", technical: "noise", what: "Poisson, Gaussian and Rician noise (noise)" },
  intensity: { plain: "brightness curve", technical: "intensity", what: "gamma, gain and offset of the intensities (intensity)" },
  histogram: { plain: "reshaped brightness levels", technical: "histogram", what: "a random monotone remapping of the intensities (histogram.strength)" },
};

/** The Synthesise page's sliders (TUNABLES, by key): the technical name is the slider's label in TUNABLES and the parameter it sets. */
export const TUNABLE_NAMES: Readonly<Record<string, PlainName>> = {
  vesselLevel: { plain: "Vessel brightness", technical: "Vessel brightness: vessels.level", what: "the intensity of a voxel wholly inside a vessel" },
  gaussianNoise: { plain: "Noise", technical: "Gaussian noise σ: noise.gaussian", what: "the standard deviation of added Gaussian noise" },
  ricianNoise: {
    plain: "MRI noise (lifts dark areas)",
    technical: "Rician noise σ: noise.rician",
    what: "the standard deviation of Rician (magnitude) noise, which brightens the darkest voxels",
  },
  biasStrength: { plain: "Uneven brightness", technical: "Bias field strength: bias.strength", what: "the bias field lies between e^−s and e^s" },
  blurXY: {
    plain: "Blur within a slice (voxels)",
    technical: "Blur σ in-plane (voxels): blur.sigma[0], [1]",
    what: "the Gaussian point-spread function's σ along x and y, in voxels",
  },
  blurZ: {
    plain: "Blur across slices (voxels)",
    technical: "Blur σ through-plane (voxels): blur.sigma[2]",
    what: "the Gaussian point-spread function's σ along z, in voxels",
  },
  gamma: {
    plain: "Brightness curve (1 = straight)",
    technical: "Gamma: intensity.gamma",
    what: "intensities above the floor, relative to the vessel level, raised to this power",
  },
  perlin: {
    plain: "Folded texture",
    technical: "Perlin texture σ: perlin.amplitude",
    what: "the standard deviation of the Perlin noise added to the background",
  },
  voronoi: {
    plain: "Patchwork texture",
    technical: "Voronoi cells σ: voronoi.amplitude",
    what: "the standard deviation of the Voronoi cells' values added to the background",
  },
  addedVessels: {
    plain: "Background through vessels (0 = none)",
    technical: "Vessels added to texture (0 = painted): vessels.additive",
    what: "0: vessels painted over the texture; 1: their contrast added to it",
  },
  gibbs: {
    plain: "Edge ringing (1 = none, lower = more)",
    technical: "Gibbs: k-space kept (1 = none): gibbs.cutoff",
    what: "the fraction of k-space kept along the truncated axes; 1 keeps all of it",
  },
  spikes: {
    plain: "Stripes across the image",
    technical: "k-space spike amplitude: spikes.amplitude",
    what: "the peak of the stripes a k-space spike makes, in intensity units",
  },
  histogram: {
    plain: "Reshaped brightness levels",
    technical: "Histogram shift strength: histogram.strength",
    what: "how far the random monotone remapping of intensities moves them",
  },
};

/** The modalities in plain words (MODALITY_INFO's titles); the technical name is what `--preset` and `modality=` take. */
export const MODALITY_NAMES: Readonly<Record<Modality, PlainName>> = Object.fromEntries(
  MODALITIES.map((m) => [m, { plain: MODALITY_INFO[m].title, technical: m, what: `intensities in ${MODALITY_INFO[m].units}` }]),
) as Record<Modality, PlainName>;

/** The Reconstruct page's shifts that push a scan off-domain. */
export const SHIFT_NAMES: Readonly<Record<DomainShift, PlainName>> = {
  none: { plain: "none", technical: "none", what: "the scan as loaded" },
  "strong bias field": { plain: "uneven brightness", technical: "strong bias field", what: "a smooth multiplicative field from 0.3 to 1.7 across the volume" },
  "heavy noise": { plain: "heavy noise", technical: "heavy noise", what: "Gaussian noise of 12 % of the scan's range" },
  "gamma 2.5": { plain: "darker mid-tones", technical: "gamma 2.5", what: "intensities (rescaled to [0, 1]) raised to the power 2.5" },
  "low contrast": { plain: "low contrast", technical: "low contrast", what: "intensities squeezed into the middle fifth of the scan's range" },
};

/** The Reconstruct page's controls for hiding cubes and for adaptation, by the names its URL and code use. */
export const RECONSTRUCT_NAMES: Readonly<Record<"ratio" | "patch" | "mseed" | "steps" | "crops" | "crop", PlainName>> = {
  ratio: { plain: "Share of the scan hidden", technical: "mask ratio (ratio=)", what: "the fraction of the cubes hidden from the decoder" },
  patch: { plain: "Hidden cube side (voxels)", technical: "mask patch (patch=)", what: "the side of each hidden cube, in voxels of the models' grid" },
  mseed: { plain: "Which cubes are hidden (seed)", technical: "mask seed (mseed=)", what: "the seed that draws the hidden cubes" },
  steps: {
    plain: "Tuning steps",
    technical: "SPSA steps (steps=)",
    what: "steps of simultaneous-perturbation stochastic approximation: each tries one random ± change of all 24 adaptation inputs (two forward passes per piece)",
  },
  crops: { plain: "Pieces of the scan", technical: "crops", what: "fixed crops of the scan whose masked-reconstruction loss adaptation lowers" },
  crop: { plain: "Piece side (voxels)", technical: "crop side (crop=)", what: "the side of each crop, in voxels" },
};

/** Every effect, slider, modality and shift the pages show, for a check that each has a plain name. */
export const SHOWN_NAMES = {
  effects: EFFECTS,
  tunables: TUNABLES.map((t) => t.key),
  modalities: MODALITIES,
  shifts: DOMAIN_SHIFTS,
  reconstruct: ["ratio", "patch", "mseed", "steps", "crops", "crop"],
} as const;

/** The Synthesise page's "Technical names": its effects, sliders and modalities, in the order the page shows them. */
export const SYNTHESISE_NAMES: ReadonlyArray<{ heading: string; names: readonly PlainName[] }> = [
  { heading: "Effects (the names the URL's off= and the code use)", names: EFFECTS.map((e) => EFFECT_NAMES[e]) },
  { heading: 'Sliders (the parameters they set, in "The exact parameters of this image")', names: TUNABLES.map((t) => TUNABLE_NAMES[t.key]) },
  { heading: "Modalities (the names vessel-lab synth --preset takes)", names: MODALITIES.map((m) => MODALITY_NAMES[m]) },
];
