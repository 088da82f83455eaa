// The CLI's option parsers (src/cli/options.ts): one rule per kind of value, each refusal one line "--flag VALUE: what to give".
import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { Command } from "commander";
import { UsageError } from "../../src/cli/errors.js";
import {
  type Parser,
  decimal,
  finiteNumber,
  flagOption,
  fraction,
  fractionOrInfinity,
  integerIn,
  nonNegativeInteger,
  olderSpelling,
  nonNegativeNumber,
  oneOf,
  positiveInteger,
  positiveNumber,
  positiveNumbers,
  probability,
  samplePreset,
  shard,
  spacing,
  threads,
  voxelBox,
} from "../../src/cli/options.js";

/** `parse` takes each [text, value] pair to the value (compared with Object.is through deepEqual). */
function accepts<T>(parse: Parser<T>, cases: Array<[string, T]>): void {
  for (const [text, value] of cases) assert.deepEqual(parse("--x", text), value, JSON.stringify(text));
}

/** `parse` refuses each text with a UsageError whose message is exactly "--x TEXT: " + `what`. */
function refuses<T>(parse: Parser<T>, texts: string[], what: string): void {
  for (const text of texts) {
    assert.throws(
      () => parse("--x", text),
      (error: unknown) => error instanceof UsageError && error.message === `--x ${text}: ${what}`,
      `${JSON.stringify(text)} should be refused with "${what}"`,
    );
  }
}

/** Texts every numeric kind refuses: not decimal numbers. */
const NOT_DECIMAL = ["", " ", " 5", "5 ", "0x10", "0b1", "0o7", "1_000", "abc", "1,5", "NaN"];

test("decimal reads decimal text only: digits, fraction, exponent, a sign; -0 reads as 0", () => {
  assert.equal(decimal("1e3"), 1000);
  assert.equal(decimal("-2.5"), -2.5);
  assert.equal(decimal(".5"), 0.5);
  assert.ok(Object.is(decimal("-0"), 0));
  for (const text of [...NOT_DECIMAL, "Infinity", "-Infinity"]) assert.ok(Number.isNaN(decimal(text)), JSON.stringify(text));
  assert.ok(Number.isNaN(decimal("-1", false)), "unsigned: no sign");
});

test("nonNegativeInteger takes 0 and every exact integer in decimal, and refuses signs, fractions, spaces, radix prefixes and unsafe values", () => {
  accepts(nonNegativeInteger, [
    ["0", 0],
    ["7", 7],
    ["1e3", 1000],
    ["3.0", 3],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
  ]);
  refuses(nonNegativeInteger, [...NOT_DECIMAL, "-0", "-1", "+1", "1.5", "Infinity", "1e-3"], "give a non-negative integer");
  refuses(nonNegativeInteger, ["9007199254740992", "1e30", "1e400"], "give an integer from 0 to 9,007,199,254,740,991");
});

test("positiveInteger refuses 0 as it refuses any non-integer", () => {
  accepts(positiveInteger, [
    ["1", 1],
    ["1e3", 1000],
    ["3.0", 3],
  ]);
  refuses(positiveInteger, [...NOT_DECIMAL, "0", "-0", "-5", "2.5", "Infinity"], "give a positive integer");
});

test("integerIn says the range for a value above it, with the note; below it, the kind (or the range when the least is above 1)", () => {
  const count = integerIn(1, 10_000_000, " (more is a cluster's job)");
  accepts(count, [
    ["1", 1],
    ["1e7", 10_000_000],
  ]);
  refuses(count, ["1e12", "10000001"], "give an integer from 1 to 10,000,000 (more is a cluster's job)");
  refuses(count, ["0", "", "1.5", "Infinity"], "give a positive integer");
  refuses(integerIn(1, 1024), ["1025"], "give an integer from 1 to 1024");
  const size = integerIn(8, 1024);
  accepts(size, [
    ["8", 8],
    ["1024", 1024],
  ]);
  refuses(size, ["0", "7", "1025", "x", ""], "give an integer from 8 to 1024");
});

test("threads: 1 to this machine's cores", () => {
  const cores = availableParallelism();
  accepts(threads, [
    ["1", 1],
    [String(cores), cores],
  ]);
  refuses(threads, [String(cores + 1), "100000"], `give an integer from 1 to ${cores}, this machine's cores`);
  refuses(threads, ["0", "", "two"], "give a positive integer");
});

test("finiteNumber takes any signed decimal and refuses what is no finite number, with its note", () => {
  const threshold = finiteNumber(" (voxels above it are foreground)");
  accepts(threshold, [
    ["0", 0],
    ["-0", 0],
    ["-0.5", -0.5],
    ["1e3", 1000],
    ["3.0", 3],
    ["+2", 2],
  ]);
  refuses(threshold, [...NOT_DECIMAL, "Infinity", "-Infinity", "1e400"], "give a number (voxels above it are foreground)");
});

test("positiveNumber and nonNegativeNumber", () => {
  accepts(positiveNumber, [
    ["0.5", 0.5],
    ["1e-3", 0.001],
    ["3.0", 3],
  ]);
  refuses(positiveNumber, [...NOT_DECIMAL, "0", "-0", "-1", "Infinity", "1e400"], "give a positive number");
  accepts(nonNegativeNumber, [
    ["0", 0],
    ["-0", 0],
    ["2.5", 2.5],
  ]);
  refuses(nonNegativeNumber, [...NOT_DECIMAL, "-1", "Infinity"], "give a number ≥ 0");
});

test("fraction, probability and fractionOrInfinity keep to their ranges", () => {
  const overlap = fraction(0.9, " (at 0.9 every voxel runs 1000 times)");
  accepts(overlap, [
    ["0", 0],
    ["-0", 0],
    ["0.9", 0.9],
    ["1e-1", 0.1],
  ]);
  refuses(overlap, [...NOT_DECIMAL, "0.999999", "-0.1", "1", "Infinity"], "give a fraction 0 ≤ f ≤ 0.9 (at 0.9 every voxel runs 1000 times)");
  accepts(probability, [
    ["0", 0],
    ["1", 1],
    ["3e-1", 0.3],
    ["1.0", 1],
  ]);
  refuses(probability, [...NOT_DECIMAL, "1.01", "3.0", "-1", "Infinity"], "give a probability 0 ≤ t ≤ 1");
  const maxChange = fractionOrInfinity(" (Infinity keeps every mask)");
  accepts(maxChange, [
    ["0", 0],
    ["0.05", 0.05],
    ["2", 2],
    ["Infinity", Infinity],
  ]);
  refuses(maxChange, [...NOT_DECIMAL, "-1", "-Infinity", "inf"], "give a fraction ≥ 0 (Infinity keeps every mask)");
});

test("positiveNumbers takes distinct positive numbers separated by commas", () => {
  const radii = positiveNumbers("vessel radii in mm", "0.5,1,2,4", "a radius is given twice; give each scale once");
  accepts(radii, [
    ["0.5,1,2", [0.5, 1, 2]],
    ["3", [3]],
    ["1e0,2", [1, 2]],
  ]);
  refuses(radii, ["1,-2", "0", "1,,2", " 1", "1,x", "", "Infinity"], "give vessel radii in mm as positive numbers separated by commas, e.g. 0.5,1,2,4");
  refuses(radii, ["1,2,1", "1,1.0"], "a radius is given twice; give each scale once");
});

test("voxelBox: one positive integer (a cube) or X,Y,Z of them", () => {
  accepts(voxelBox, [
    ["8", [8, 8, 8]],
    ["8,16,4", [8, 16, 4]],
    ["1e1", [10, 10, 10]],
  ]);
  refuses(voxelBox, ["8,16", "8,16,4,2", "0", "1.5", "x", "", " 8", "-8", "8,,8"], "give a positive integer or X,Y,Z of them (voxels)");
});

test("spacing, shard, samplePreset and oneOf refuse with the valid forms", () => {
  assert.equal(spacing("--spacing", "auto"), "auto");
  assert.equal(spacing("--spacing", "native"), "native");
  refuses(spacing, ["0,1,1"], `give "auto", a voxel size in mm, X,Y,Z in mm, "native", or x2 (voxels twice the scan's finest side)`);
  assert.deepEqual(shard("--shard", "1/4"), { index: 1, count: 4 });
  assert.throws(
    () => shard("--shard", "4/4"),
    (e: unknown) => e instanceof UsageError && /^--shard 4\/4: i must be in 0\.\.n-1/.test(e.message),
  );
  assert.equal(samplePreset("--preset", "mix"), "mix");
  assert.throws(
    () => samplePreset("--preset", "nope"),
    (e: unknown) => e instanceof UsageError && /^--preset nope: unknown preset; valid presets: .*brain-tof.*, or mix$/.test(e.message),
  );
  accepts(oneOf(["lumen", "visible"] as const), [["lumen", "lumen"]]);
  refuses(oneOf(["lumen", "visible"] as const), ["Lumen", "", "wide"], "give lumen or visible");
  refuses(oneOf(["lumen", "visible"] as const, "unknown convention"), ["wide"], "unknown convention; give lumen or visible");
});

test("flagOption checks the value as commander reads it, with the flag's long name; the default comes parsed", async () => {
  const run = async (args: string[]) => {
    let seen: unknown;
    const program = new Command()
      .exitOverride()
      .addOption(flagOption("-s, --seed <n>", "seed", nonNegativeInteger, 1))
      .action((flags: { seed: number }) => {
        seen = flags.seed;
      });
    await program.parseAsync(args, { from: "user" });
    return seen;
  };
  assert.equal(await run([]), 1);
  assert.equal(await run(["--seed", "1e3"]), 1000);
  assert.equal(await run(["-s", "7"]), 7);
  await assert.rejects(run(["--seed", "-1"]), (e: unknown) => e instanceof UsageError && e.message === "--seed -1: give a non-negative integer");
  await assert.rejects(run(["-s", "x"]), (e: unknown) => e instanceof UsageError && e.message === "--seed x: give a non-negative integer");
});

test("olderSpelling accepts an option's older spelling, hidden from the help, into the current spelling's key", async () => {
  const run = async (args: string[]) => {
    let seen: unknown;
    const program = new Command()
      .exitOverride()
      .option("--centreline-out <file>", "the centreline map")
      .addOption(olderSpelling("--centerline-out <file>", "--centreline-out"))
      .option("--with-centreline", "write centrelines")
      .addOption(olderSpelling("--with-centerline", "--with-centreline"))
      .action((flags: Record<string, unknown>) => {
        seen = flags;
      });
    await program.parseAsync(args, { from: "user" });
    return { seen, help: program.helpInformation() };
  };
  assert.deepEqual((await run(["--centreline-out", "a.nii.gz", "--with-centreline"])).seen, { centrelineOut: "a.nii.gz", withCentreline: true });
  const old = await run(["--centerline-out", "a.nii.gz", "--with-centerline"]);
  assert.deepEqual(old.seen, { centrelineOut: "a.nii.gz", withCentreline: true });
  assert.match(old.help, /--centreline-out <file>/);
  assert.doesNotMatch(old.help, /centerline/);
});
