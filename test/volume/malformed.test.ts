// The property suite of issue 20: at least 1,000 malformed NIfTI files built from valid ones (truncation, header
// field mutations, small gzip bombs, datatypes, byte order, NIfTI-2, gzip members, damage) must each give a clear
// error or a sound volume, within a time bound and without holding a bomb's size; for the first FIXTURE_COUNT the
// volume must be the one nibabel reads (test/fixtures/nibabel-malformed.json) and a file nibabel refuses is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Affine, type Volume, readNifti } from "../../src/volume/index.js";
import { affineProblem } from "../../src/volume/niftiAffine.js";
import { COUNT, FIXTURE_COUNT, SEED, type Case, malformedCases } from "./malformed/cases.js";
import { unclear } from "./malformed/clearError.js";

interface Summary {
  nan: number;
  inf: number;
  sum: number;
  weighted: number;
  sumsq: number;
}
type Answer =
  | { read: true; shape: number[]; affine: (number | null)[][]; units: string; codes: [number, number]; summary: Summary }
  | { read: false; error: string; message: string };
const fixture = JSON.parse(readFileSync(new URL("../fixtures/nibabel-malformed.json", import.meta.url), "utf8")) as {
  seed: number;
  count: number;
  cases: { id: number; sha256: string; nibabel: Answer }[];
};

/** Per file: a refusal or a volume in this long (generous: the slowest valid file here takes milliseconds). */
const SECONDS_PER_FILE = 3;

function summarise(v: Volume): Summary {
  const s: Summary = { nan: 0, inf: 0, sum: 0, weighted: 0, sumsq: 0 };
  for (let n = 0; n < v.data.length; n++) {
    const x = v.data[n];
    if (Number.isNaN(x)) s.nan++;
    else if (!Number.isFinite(x)) s.inf++;
    else {
      s.sum += x;
      s.weighted += x * ((n % 97) + 1);
      s.sumsq += x * x;
    }
  }
  return s;
}

/** Why our volume differs from nibabel's answer (null when it is the same volume). */
function differs(c: Case, v: Volume, a: Extract<Answer, { read: true }>): string | null {
  const shape = [...a.shape];
  while (shape.length > 3 && shape[shape.length - 1] === 1) shape.pop();
  if (shape.join("×") !== v.dims.join("×")) return `dims ${v.dims.join("×")}, nibabel ${a.shape.join("×")}`;
  const s = summarise(v);
  const close = (x: number, y: number, scale: number) => Math.abs(x - y) <= 1e-5 * scale + 1e-9;
  const scale = Math.sqrt(a.summary.sumsq * v.data.length) * 97;
  if (s.nan !== a.summary.nan || s.inf !== a.summary.inf) return `NaN/Inf counts ${s.nan}/${s.inf}, nibabel ${a.summary.nan}/${a.summary.inf}`;
  for (const key of ["sum", "weighted"] as const) if (!close(s[key], a.summary[key], scale)) return `voxel ${key} ${s[key]}, nibabel ${a.summary[key]}`;
  if (!close(s.sumsq, a.summary.sumsq, a.summary.sumsq)) return `voxel sum of squares ${s.sumsq}, nibabel ${a.summary.sumsq}`;
  if (a.codes[0] > 0 || a.codes[1] > 0) {
    // nibabel keeps the stored unit; vessel-lab converts metres and microns to mm
    const unit = a.units === "meter" ? 1000 : a.units === "micron" ? 0.001 : 1;
    const theirs = a.affine.flat().map((x, n) => (x === null ? NaN : n < 12 ? x * unit : x));
    const norm = Math.max(...theirs.map(Math.abs));
    // nibabel takes a singular or non-finite sform as it is; vessel-lab passes it over for the qform (issue 20)
    if (affineProblem(theirs as Affine)) return null;
    if (theirs.some((x, n) => !(Math.abs(x - v.affine[n]) <= 1e-5 * norm))) return `affine ${v.affine.join(",")}, nibabel ${theirs.join(",")} (case ${c.id})`;
  }
  return null;
}

/** What a volume must be whatever the file: whole, with a usable grid. */
function unsound(v: Volume, c: Case): string | null {
  const voxels = v.dims[0] * v.dims[1] * v.dims[2];
  if (!v.dims.every((d) => Number.isInteger(d) && d >= 1) || v.data.length !== voxels) return `dims ${v.dims.join("×")} with ${v.data.length} values`;
  if (!v.affine.every(Number.isFinite)) return `affine ${v.affine.join(",")}`;
  if (!v.spacing.every((s) => s > 0 && Number.isFinite(s))) return `spacing ${v.spacing.join(",")}`;
  if (v.data.buffer.byteLength > v.data.byteLength + (c.base.version === 1 ? 352 : 544) + 64 && v.data.buffer.byteLength > 2 ** 20) {
    return `holds a ${v.data.buffer.byteLength}-byte buffer for ${v.data.byteLength} bytes of voxels`;
  }
  return null;
}

test(`malformed NIfTI files (fast-check seed ${SEED}, ${COUNT} files): a clear error or a sound volume, nibabel's where it is known`, () => {
  assert.ok(COUNT >= 1000);
  assert.equal(fixture.seed, SEED, "the fixture was written for another seed: run npx tsx scripts/nibabel-malformed.ts");
  const answers = new Map(fixture.cases.map((c) => [c.id, c]));
  const counts: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  const failures: string[] = [];
  const cases = malformedCases(SEED, COUNT);
  for (const c of cases) {
    const label = `case ${c.id} (${c.base.version === 1 ? "NIfTI-1" : "NIfTI-2"} ${c.base.littleEndian ? "LE" : "BE"}${c.ext}, ${JSON.stringify(c.mutation)})`;
    const known = c.id < FIXTURE_COUNT ? answers.get(c.id) : undefined;
    if (c.id < FIXTURE_COUNT) {
      assert.ok(known, `${label}: not in the fixture; run npx tsx scripts/nibabel-malformed.ts`);
      assert.equal(
        known.sha256,
        createHash("sha256").update(c.bytes).digest("hex"),
        `${label}: the file changed since the fixture was written; run npx tsx scripts/nibabel-malformed.ts`,
      );
    }
    const t0 = performance.now();
    let volume: Volume | null = null;
    let error: unknown = null;
    try {
      volume = readNifti(c.bytes);
    } catch (e) {
      error = e;
    }
    const seconds = (performance.now() - t0) / 1000;
    if (seconds > SECONDS_PER_FILE) failures.push(`${label}: took ${seconds.toFixed(1)} s`);
    let outcome: string;
    if (volume) {
      const problem = unsound(volume, c) ?? (known?.nibabel.read ? differs(c, volume, known.nibabel) : null);
      if (problem) failures.push(`${label}: ${problem}`);
      if (known && !known.nibabel.read) failures.push(`${label}: read a volume, but nibabel refuses it (${known.nibabel.error}: ${known.nibabel.message})`);
      outcome = !known ? "read (no nibabel answer)" : "read, equal to nibabel's";
    } else {
      const problem = unclear(error);
      if (problem) failures.push(`${label}: unclear error, ${problem}`);
      outcome = !known ? "refused (no nibabel answer)" : known.nibabel.read ? "refused, nibabel reads it" : "refused, as nibabel";
    }
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    (byKind[c.mutation.kind] ??= {})[outcome.startsWith("read") ? "read" : "refused"] =
      (byKind[c.mutation.kind]?.[outcome.startsWith("read") ? "read" : "refused"] ?? 0) + 1;
  }
  console.log(`malformed NIfTI suite: seed ${SEED}, ${cases.length} files: ${JSON.stringify(counts)}; by mutation ${JSON.stringify(byKind)}`);
  assert.deepEqual(failures, []);
});
