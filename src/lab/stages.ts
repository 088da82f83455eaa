/** The stages of the lab's pipeline, in order, with the page that shows each. */
export interface Stage {
  id: string;
  name: string;
  /** Page path under the site root, or null while the stage has no page yet. */
  page: string | null;
  summary: string;
}

export const STAGES: readonly Stage[] = [
  { id: "grow", name: "Grow", page: "./grow", summary: "Grow a vessel tree: recursive branching, Murray radii, curvature, collisions, pathology." },
  {
    id: "voxelise",
    name: "Voxelise",
    page: "./voxelise",
    summary: "Turn the tree into label volumes (partial volume, binary, classes, centreline) on the GPU or CPU.",
  },
  {
    id: "synthesise",
    name: "Synthesise",
    page: "./synthesise",
    summary: "Make an angiogram-like image with domain randomisation: modality, noise, bias, blur, motion.",
  },
  {
    id: "segment",
    name: "Segment",
    page: "./segment",
    summary: "Run a 3D U-Net trained on synthetic data only, in the page, on samples or your own scans (NIfTI, MetaImage, NRRD).",
  },
  {
    id: "adapt",
    name: "Reconstruct",
    page: "./reconstruct",
    summary: "Reconstruct masked patches to expose the domain gap, and adapt the model to a real scan at test time.",
  },
];
