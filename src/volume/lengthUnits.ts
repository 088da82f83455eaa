/**
 * Millimetres per unit of length, by the names scan formats give units (NRRD's `space units`, ImageJ's `unit`, OME's
 * `PhysicalSize*Unit`), lower case; a name not here is not a length vessel-lab knows.
 */
export const MM_PER_UNIT: Readonly<Record<string, number>> = {
  m: 1000,
  cm: 10,
  mm: 1,
  um: 1e-3,
  µm: 1e-3, // U+00B5, the micro sign
  μm: 1e-3, // U+03BC, Greek mu
  "\\u00b5m": 1e-3, // as ImageJ escapes it
  micron: 1e-3,
  microns: 1e-3,
  micrometer: 1e-3,
  micrometre: 1e-3,
  nm: 1e-6,
  nanometer: 1e-6,
  inch: 25.4,
};
