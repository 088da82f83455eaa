/**
 * The terminal command that repeats the Segment page's segmentation: `npx vessel-lab segment --in scan.nii.gz --out
 * mask.nii.gz`, with --overlap when the page's tile overlap differs from the card's (the CLI's default), --spacing
 * when its voxel scale differs from the card's default scale (`spacing`: the page's scale, null when it is the default),
 * and --dark when the page was told the vessels are darker than the tissue. When the page cropped or downsampled the
 * scan to fit its memory (`resized`), the CLI runs the whole scan, and the command says so.
 */
export function segmentCommand(options: {
  overlap: number;
  cardOverlap: number;
  spacing?: string | null;
  dark?: boolean;
  resized?: "crop" | "downsample" | null;
}): string {
  const { overlap, cardOverlap, spacing = null, dark = false, resized = null } = options;
  const flags = [overlap !== cardOverlap ? `--overlap ${overlap}` : "", spacing ? `--spacing ${spacing}` : "", dark ? "--dark" : ""].filter(Boolean);
  const command = ["npx vessel-lab segment --in scan.nii.gz --out mask.nii.gz", ...flags].join(" ");
  if (!resized) return command;
  return `${command} (on the whole scan: the page ${resized === "crop" ? "cropped" : "downsampled"} it to fit its memory)`;
}
