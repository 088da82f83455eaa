/**
 * Every option value the CLI reads, one rule per kind of value. Each parser takes the flag and its text and returns the
 * value, or throws a UsageError of one line, "--flag VALUE: what to give" (exit code 2 in main). Commands attach them
 * with `flagOption` (commander's argParser: the value is checked as the command line is read, defaults are given
 * already parsed); a value that needs other inputs first (a tile and the card's stride) is finished where they meet.
 *
 * Numbers are written in decimal: digits, an optional fraction and exponent ("1000", "1e3", "0.05"), a sign only where
 * negative values make sense. Spaces, hexadecimal/octal/binary ("0x10"), "" and, unless a kind says so, "Infinity"
 * are refused: JavaScript's Number() would take them silently ("" and " " as 0, "0x10" as 16).
 * Integers are counts, sizes, indices and seeds: no sign ("-0" is refused), any decimal text whose value is an exact
 * integer ("1e3", "3.0"), and no larger than 2^53 − 1, beyond which a seed would silently become another seed.
 */
import { Option } from "commander";
import { availableParallelism } from "node:os";
import { SAMPLE_PRESETS, type SamplePresetName, type Shard, checkSamplePreset, parseShard } from "../dataset/index.js";
import { type ModelSpacing, parseSpacing } from "../infer/index.js";
import type { Vec3 } from "../volume/index.js";
import { UsageError } from "./errors.js";

/** A parser of one kind of value: the flag (for the message) and its text → the value, or a UsageError. */
export type Parser<T> = (flag: string, text: string) => T;

/** An unsigned decimal: digits, an optional fraction, an optional exponent. */
const UNSIGNED = /^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
/** A decimal with an optional sign. */
const SIGNED = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** The value of decimal text (-0 as 0), or NaN for anything else ("0x10", " 5", "", "Infinity"). */
export function decimal(text: string, signed = true): number {
  if (!(signed ? SIGNED : UNSIGNED).test(text)) return NaN;
  const x = Number(text);
  return x === 0 ? 0 : x;
}

/** 1024 as "1024", ten million as "10,000,000". */
function count(n: number): string {
  return n >= 10_000 ? n.toLocaleString("en-US") : String(n);
}

function refuse(flag: string, text: string, what: string): never {
  throw new UsageError(`${flag} ${text}: ${what}`);
}

/**
 * An integer from `min` to `max`. Text that is no integer, or one below `min`, is refused as "a non-negative integer"
 * (min 0), "a positive integer" (min 1) or the range; one above `max` with the range and `note` ("…from 1 to 256 (this
 * machine has 8 cores)").
 */
export function integerIn(min: number, max: number, note = ""): Parser<number> {
  return (flag, text) => {
    const x = decimal(text, false);
    if (!(x >= min) || (Number.isFinite(x) && !Number.isInteger(x))) {
      refuse(
        flag,
        text,
        min === 0 ? "give a non-negative integer" : min === 1 ? "give a positive integer" : `give an integer from ${count(min)} to ${count(max)}`,
      );
    }
    if (x > max) refuse(flag, text, `give an integer from ${count(min)} to ${count(max)}${note}`);
    return x;
  };
}

/** A seed, an index, a number of steps: 0, 1, 2, … */
export const nonNegativeInteger: Parser<number> = integerIn(0, Number.MAX_SAFE_INTEGER);

/** A size or a count: 1, 2, 3, … */
export const positiveInteger: Parser<number> = integerIn(1, Number.MAX_SAFE_INTEGER);

/** A thread count: 1 to this machine's cores (more only queue on them; 100000 would hang). */
export const threads: Parser<number> = (flag, text) => integerIn(1, availableParallelism(), ", this machine's cores")(flag, text);

/** Any finite number; `note` says what it is for ("give a number (voxels above it are foreground)"). */
export function finiteNumber(note = ""): Parser<number> {
  return (flag, text) => {
    const x = decimal(text, true);
    if (!Number.isFinite(x)) refuse(flag, text, `give a number${note}`);
    return x;
  };
}

/** A length, a voxel size: a finite number > 0. */
export const positiveNumber: Parser<number> = (flag, text) => {
  const x = decimal(text, false);
  if (!(x > 0 && Number.isFinite(x))) refuse(flag, text, "give a positive number");
  return x;
};

/** A margin: a finite number ≥ 0. */
export const nonNegativeNumber: Parser<number> = (flag, text) => {
  const x = decimal(text, true);
  if (!(x >= 0 && Number.isFinite(x))) refuse(flag, text, "give a number ≥ 0");
  return x;
};

/** A fraction from 0 to `max` (at most 1); `note` says why the bound. */
export function fraction(max = 1, note = ""): Parser<number> {
  return (flag, text) => {
    const x = decimal(text, true);
    if (!(x >= 0 && x <= max)) refuse(flag, text, `give a fraction 0 ≤ f ≤ ${max}${note}`);
    return x;
  };
}

/** A number from 0 to 1; `fix` is what the refusal asks for. */
function unitInterval(fix: string): Parser<number> {
  return (flag, text) => {
    const x = decimal(text, true);
    if (!(x >= 0 && x <= 1)) refuse(flag, text, fix);
    return x;
  };
}

/** A probability threshold from 0 to 1. */
export const probability: Parser<number> = unitInterval("give a probability 0 ≤ t ≤ 1");

/** A chance from 0 to 1 (how often something is drawn). */
export const chance: Parser<number> = unitInterval("give a chance from 0 to 1 (0: never, 1: always)");

/** A fraction ≥ 0 with no upper bound, "Infinity" included (a limit that never binds); `note` gives an example. */
export function fractionOrInfinity(note = ""): Parser<number> {
  return (flag, text) => {
    const x = text === "Infinity" ? Infinity : decimal(text, true);
    if (!(x >= 0)) refuse(flag, text, `give a fraction ≥ 0${note}`);
    return x;
  };
}

/**
 * Distinct positive numbers separated by commas; `what` says what they are ("vessel radii in mm"), `example` is one
 * list, `twice` what to say of a value given twice.
 */
export function positiveNumbers(what: string, example: string, twice = "a value is given twice; give each once"): Parser<number[]> {
  return (flag, text) => {
    const xs = text.split(",").map((p) => decimal(p, false));
    if (xs.some((x) => !(x > 0 && Number.isFinite(x)))) refuse(flag, text, `give ${what} as positive numbers separated by commas, e.g. ${example}`);
    if (new Set(xs).size !== xs.length) refuse(flag, text, twice);
    return xs;
  };
}

/** A box in voxels: n (a cube) or X,Y,Z, each a positive integer. */
export const voxelBox: Parser<Vec3> = (flag, text) => {
  const parts = text.split(",").map((p) => decimal(p, false));
  const box = parts.length === 1 ? [parts[0], parts[0], parts[0]] : parts;
  if (box.length !== 3 || box.some((x) => !(x >= 1 && Number.isSafeInteger(x)))) refuse(flag, text, "give a positive integer or X,Y,Z of them (voxels)");
  return box as Vec3;
};

/** A model's voxel size (src/infer parseSpacing): auto, mm, X,Y,Z mm, native, or xF. */
export const spacing: Parser<ModelSpacing> = (flag, text) => {
  let value: ModelSpacing | null;
  try {
    value = parseSpacing(text);
  } catch (error) {
    refuse(flag, text, (error as Error).message);
  }
  if (!value) refuse(flag, text, `give "auto", a voxel size in mm, X,Y,Z in mm, "native", or x2 (voxels twice the scan's finest side)`);
  return value;
};

/** A shard i/n of a data set (src/dataset parseShard, whose message names the flag). */
export const shard: Parser<Shard> = (_flag, text) => {
  try {
    return parseShard(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
};

/** A sample preset's name, or mix (src/dataset's presets). */
export const samplePreset: Parser<SamplePresetName | "mix"> = (flag, text) => {
  try {
    return checkSamplePreset(text);
  } catch {
    refuse(flag, text, `unknown preset; valid presets: ${Object.keys(SAMPLE_PRESETS).join(", ")}, or mix`);
  }
};

/** One of `values`; `what` names them in the message ("unknown convention; give lumen or visible"). */
export function oneOf<T extends string>(values: readonly T[], what = ""): Parser<T> {
  return (flag, text) => {
    if ((values as readonly string[]).includes(text)) return text as T;
    refuse(flag, text, `${what ? `${what}; ` : ""}give ${values.join(" or ")}`);
  };
}

/**
 * A commander option whose value `parse` checks as the command line is read (`flags` as commander takes them,
 * "--seed <n>"); `defaultValue` is the parsed value used when the flag is not given.
 */
export function flagOption<T>(flags: string, description: string, parse: Parser<T>, defaultValue?: T): Option {
  const option = new Option(flags, description);
  const flag = option.long ?? option.name();
  option.argParser((text: string) => parse(flag, text));
  if (defaultValue !== undefined) option.default(defaultValue);
  return option;
}

/**
 * The older (American) spelling of an option, kept so that scripts written before the project settled on British
 * spelling still run: `olderSpelling("--centerline-out <file>", "--centreline-out")` accepts --centerline-out, leaves it
 * out of the help, and stores its value where --centreline-out's goes (flags.centrelineOut).
 */
export function olderSpelling(flags: string, current: string): Option {
  const option = new Option(flags).hideHelp();
  const attribute = new Option(current).attributeName();
  option.attributeName = () => attribute;
  return option;
}
