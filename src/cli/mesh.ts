import type { Command } from "commander";
import { exportSurfaceMesh, exportTreeMesh, maskSurface, surfaceMeasures, SURFACE_SPACES, type SurfaceFormat, type SurfaceSpace } from "../rendering/index.js";
import { formatSize, valueRange, type Volume } from "../volume/index.js";
import { UsageError } from "./errors.js";
import { displayPath, escapeName, readTreeFile, readVolumeFile, SCAN_FILE_NAMES, SERIES_HELP, writeOutput } from "./files.js";
import { finiteNumber, flagOption, fraction, oneOf } from "./options.js";

interface MeshFlags {
  in: string;
  out: string;
  level?: number;
  smooth?: number;
  space?: SurfaceSpace;
  series?: string;
}

/** A label map has at most this many labels; an integer volume of more distinct values is taken for a scan. */
const MAX_LABELS = 64;
/** How far a mask resampled with interpolation may stray outside 0…1 and still be read as one. */
const SLACK = 1e-3;

/**
 * Why a volume meshed at the default level (0.5) would not be a mask's surface, or null: its values are a mask's or a
 * label map's (whole numbers ≥ 0, at most MAX_LABELS of them: 0/1, 0/255, labels) or a probability map's (0…1, give or
 * take SLACK, as a resampled mask strays).
 */
export function notAMask(volume: Volume): string | null {
  const { min, max, whole, distinct } = valueRange(volume.data, { countUpTo: MAX_LABELS });
  if (min >= -SLACK && max <= 1 + SLACK) return null;
  if (whole && min >= 0 && distinct <= MAX_LABELS) return null;
  const n = (x: number) => +x.toPrecision(6);
  const what = whole
    ? `its values are whole numbers from ${n(min)} to ${n(max)}, ${distinct > MAX_LABELS ? `more than ${MAX_LABELS} different ones` : "some below 0"}, as a scan's are, not a mask's (0 and 1, or a few labels ≥ 0)`
    : `its values run from ${n(min)} to ${n(max)}, as a scan's do, not a probability map's (0…1)`;
  return `${what}; segment it first (vessel-lab segment), or give --level L to mesh the voxels at or above L (a label map: --level 0.5 meshes every label > 0 together)`;
}

/** `vessel-lab mesh`: a mask (or probability map) as a closed surface, or a grown tree's tubes, as STL or OBJ. */
export function registerMesh(program: Command): void {
  program
    .command("mesh")
    .description(
      "turn a mask (from `segment` or `baseline`, or a label) or a probability map into a closed surface mesh in world millimetres, or a tree (from `grow`) into its tubes: STL or OBJ, for 3D Slicer, ParaView, Blender or a 3D printer",
    )
    .requiredOption("--in <file>", `a mask, label map or probability map (${SCAN_FILE_NAMES}, or a folder of one DICOM series), or a tree JSON`)
    .requiredOption("--out <file>", "the mesh, its format by its name: .stl (binary) or .obj")
    .addOption(
      flagOption(
        "--level <value>",
        "the voxels at or above it are inside (default 0.5: every voxel > 0 of a mask or label map, or a probability map at the segmenter's threshold; a volume of whole values is meshed half-way between inside and outside voxels, fractional values where they cross the level)",
        finiteNumber(),
      ),
    )
    .addOption(
      flagOption(
        "--smooth <f>",
        "smooth the surface by f, 0 (as marching cubes gives it) to 1: vtk.js's windowed-sinc filter, as 3D Slicer smooths its surfaces; 0.2 takes the voxels' staircase off vessels a voxel or two wide and keeps their volume (99 % on the light-sheet stack's mask), 0.5 (Slicer's default) thins them (76 %) (default 0)",
        fraction(),
      ),
    )
    .addOption(
      flagOption(
        "--space <space>",
        "the coordinates written: lps (DICOM's and ITK's, what 3D Slicer assumes of a mesh) or ras (NIfTI's); the file's header names it (default lps)",
        oneOf(SURFACE_SPACES, "space"),
      ),
    )
    .option("--series <number>", SERIES_HELP)
    .addHelpText(
      "after",
      "\nThe surface is marching cubes (vtk.js's) of the voxels at or above --level, closed where the vessels leave the grid, every edge shared by two\n" +
        "triangles and every normal pointing out of the vessels: closed and consistently wound, as a 3D printer or a flow mesher needs. A mask gives a\n" +
        "surface half-way between vessel and background voxels, chamfered as the voxels are; `segment --prob` (the probability map) gives the same\n" +
        "vessels smoothly, and --smooth 0.2 takes the staircase off either (vertices move, triangles stay: still closed).\n" +
        "The vertices are the scan's world coordinates (its affine), so the mesh lies on the scan in 3D Slicer (STL and OBJ say SPACE=LPS or RAS in\n" +
        "their header, which Slicer reads). A tree's tubes are in the tree's own coordinates (mm, or µm for the µm presets); --level, --smooth and\n" +
        "--space are for volumes only.",
    )
    .action(async (flags: MeshFlags) => {
      const format = /\.(stl|obj)$/i.exec(flags.out)?.[1].toLowerCase() as SurfaceFormat | undefined;
      if (!format) throw new UsageError(`--out ${displayPath(flags.out)}: vessel-lab writes a mesh as STL or OBJ by its name; name it .stl or .obj`);
      const t0 = performance.now();
      if (/\.json$/i.test(flags.in)) {
        for (const [flag, given] of [
          ["--level", flags.level],
          ["--smooth", flags.smooth],
          ["--space", flags.space],
          ["--series", flags.series],
        ] as const)
          if (given !== undefined) throw new UsageError(`${flag} is for a volume's surface; --in ${displayPath(flags.in)} is a tree, meshed as its tubes`);
        const tree = readTreeFile(flags.in, "--in");
        const bytes = await exportTreeMesh(tree, format);
        writeOutput(flags.out, bytes);
        const triangles = format === "stl" ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(80, true) : null;
        process.stderr.write(
          `mesh: ${escapeName(displayPath(flags.in))} (a tree of ${tree.branches.length} branch${tree.branches.length === 1 ? "" : "es"}) → ${displayPath(flags.out)}: its tubes${triangles === null ? "" : `, ${triangles.toLocaleString("en")} triangles`}, ${formatSize(bytes.length)}, in the tree's coordinates (${tree.unit === "um" ? "µm" : "mm"}), ${seconds(t0)}\n`,
        );
        return;
      }
      const { volume } = readVolumeFile(flags.in, "--in", { command: "mesh", bytesPerVoxel: 8, series: flags.series, offersSeries: true });
      if (flags.level === undefined) {
        const why = notAMask(volume);
        if (why) throw new UsageError(`--in ${escapeName(displayPath(flags.in))}: ${why}`);
      }
      const level = flags.level ?? 0.5;
      let surface;
      try {
        surface = await maskSurface(volume, { level, smooth: flags.smooth ?? 0 });
      } catch (error) {
        const message = (error as Error).message.replace(/^maskSurface: /, "");
        throw new UsageError(
          `--in ${escapeName(displayPath(flags.in))}: ${message}; check that this is the mask you meant${/no voxel reaches/.test(message) ? ", or give a lower --level" : ""}`,
        );
      }
      const space = flags.space ?? "lps";
      const bytes = exportSurfaceMesh(surface, format, { space });
      writeOutput(flags.out, bytes);
      const { area, volume: enclosed } = surfaceMeasures(surface);
      const n = (x: number) => x.toLocaleString("en", { maximumSignificantDigits: 4 });
      process.stderr.write(
        `mesh: ${escapeName(displayPath(flags.in))} (${volume.dims.join("×")}, level ${level}${flags.smooth ? `, smoothed ${flags.smooth}` : ""}) → ${displayPath(flags.out)}: ${(surface.indices.length / 3).toLocaleString("en")} triangles, ${(surface.positions.length / 3).toLocaleString("en")} vertices, ${formatSize(bytes.length)}; area ${n(area)} mm², enclosing ${n(enclosed)} mm³; world mm in ${space.toUpperCase()}; ${seconds(t0)}\n`,
      );
    });
}

const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
