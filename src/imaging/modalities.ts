/** The imaging modalities the synthesiser can imitate; the names are what `--preset` takes. */
export const MODALITIES = ["brain-tof", "cta", "ce-mra", "microscopy"] as const;
export type Modality = (typeof MODALITIES)[number];

export interface ModalityInfo {
  /** What it imitates. */
  title: string;
  /** Intensity units of the synthetic image. */
  units: string;
  /**
   * The zero of the signal: multiplicative effects (bias, attenuation, drop-outs, Poisson
   * counts, gamma) act on intensity − floor, and the final image is clipped at it.
   */
  floor: number;
}

export const MODALITY_INFO: Readonly<Record<Modality, ModalityInfo>> = {
  "brain-tof": { title: "brain time-of-flight MR angiogram", units: "arbitrary (vessel ≈ 1)", floor: 0 },
  cta: { title: "CT angiogram", units: "Hounsfield units", floor: -1024 },
  "ce-mra": { title: "contrast-enhanced MR angiogram (body)", units: "arbitrary (vessel ≈ 1)", floor: 0 },
  microscopy: { title: "two-photon / light-sheet fluorescence microscopy", units: "arbitrary (vessel ≈ 1)", floor: 0 },
};

export function isModality(name: unknown): name is Modality {
  return typeof name === "string" && (MODALITIES as readonly string[]).includes(name);
}

/** `name` as a Modality, or a RangeError listing the valid names. */
export function checkModality(name: unknown, fn = "modality"): Modality {
  if (!isModality(name)) throw new RangeError(`${fn}: modality = ${JSON.stringify(name)}; give one of ${MODALITIES.join(", ")}`);
  return name;
}
