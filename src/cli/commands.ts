import type { Command } from "commander";
import { registerBaseline } from "./baseline.js";
import { registerConvert } from "./convert.js";
import { registerEvaluate } from "./evaluate.js";
import { registerFit } from "./fit.js";
import { registerGenerate } from "./generate.js";
import { registerGrow } from "./grow.js";
import { registerInfo } from "./info.js";
import { registerMesh } from "./mesh.js";
import { registerSegment } from "./segment.js";
import { registerSynth } from "./synth.js";
import { registerVoxelise } from "./voxelise.js";

/** Every command, in the order `--help` lists them. Each stage adds its own here. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerInfo,
  registerGrow,
  registerVoxelise,
  registerSynth,
  registerGenerate,
  registerFit,
  registerSegment,
  registerBaseline,
  registerEvaluate,
  registerMesh,
  registerConvert,
];
