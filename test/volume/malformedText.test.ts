// Malformed MetaImage and NRRD files, built from valid ones by fast-check (seed printed): a header value replaced by
// junk, a line dropped or repeated, CRLF line ends, the file cut short, data bytes damaged. Each must give a clear
// error (the NIfTI suite's rule, ./malformed/clearError.ts) or a sound volume, within a time bound; where the mutation
// leaves the file valid in a way the test can predict, the volume must be the original one.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type Volume, axisAlignedAffine, createVolume, readVolume } from "../../src/volume/index.js";
import { toMetaImage, toNrrd } from "../support/scanFormats.js";
import { unclear } from "./malformed/clearError.js";

const SEED = 39;
const COUNT = 600;
const SECONDS_PER_FILE = 3;

const JUNK = [
  "",
  "-1",
  "0",
  "1e400",
  "NaN",
  "-3 -4 -5",
  "1 2",
  "1 2 3 4 5 6 7 8 9 10",
  "999999 999999 999999",
  "abc",
  "(1,0,0)",
  "none",
  "2.5",
  "True",
  "LIST",
  "%d",
];

type Mutation =
  | { kind: "value"; line: number; value: string }
  | { kind: "drop"; line: number }
  | { kind: "repeat"; line: number }
  | { kind: "crlf" }
  | { kind: "cut"; at: number }
  | { kind: "damage"; at: number; byte: number };

interface Case {
  id: number;
  format: "mha" | "nrrd";
  compressed: boolean;
  mutation: Mutation;
  /** The valid volume the file was made from. */
  volume: Volume;
  /** The mutation leaves the file meaning the same: CRLF line ends, or a repeated line other than MetaImage's ElementDataFile (whose second copy MetaIO, as this reader, takes for data). */
  same: boolean;
  bytes: Uint8Array;
}

function original(seed: number): Volume {
  const v = createVolume(Int16Array, [5, 4, 3], [0.5, 0.7, 1.2], axisAlignedAffine([0.5, 0.7, 1.2], [3, -2, 10]));
  v.data.forEach((_, n) => (v.data[n] = ((n * 31 + seed) % 200) - 50));
  return v;
}

/** The header's text and the data after it. */
function split(bytes: Uint8Array, format: Case["format"]): { lines: string[]; data: Uint8Array; blank: boolean } {
  const text = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const end = format === "mha" ? text.indexOf("\n", text.indexOf("ElementDataFile")) + 1 : text.indexOf("\n\n") + 2;
  return {
    lines: text
      .slice(0, end)
      .split("\n")
      .slice(0, format === "mha" ? -1 : -2),
    data: bytes.subarray(end),
    blank: format === "nrrd",
  };
}

function join(lines: string[], data: Uint8Array, blank: boolean, eol = "\n"): Uint8Array {
  const head = new TextEncoder().encode(lines.join(eol) + eol + (blank ? eol : ""));
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

let repeatsDataLine = false;

function mutate(bytes: Uint8Array, format: Case["format"], m: Mutation): Uint8Array {
  const { lines, data, blank } = split(bytes, format);
  const at = (line: number) => 1 + (line % (lines.length - 1)); // never the NRRD magic or the first MetaImage key alone
  switch (m.kind) {
    case "value": {
      const l = [...lines];
      const i = at(m.line);
      const sep = format === "mha" ? " = " : ": ";
      l[i] = l[i].slice(0, l[i].indexOf(sep) + sep.length) + m.value;
      return join(l, data, blank);
    }
    case "drop":
      return join(
        lines.filter((_, i) => i !== at(m.line)),
        data,
        blank,
      );
    case "repeat": {
      const l = [...lines];
      if (format === "mha" && l[at(m.line)].startsWith("ElementDataFile")) repeatsDataLine = true;
      l.splice(at(m.line), 0, l[at(m.line)]);
      return join(l, data, blank);
    }
    case "crlf":
      return join(lines, data, blank, "\r\n");
    case "cut":
      return bytes.subarray(0, m.at % bytes.length);
    case "damage": {
      const out = bytes.slice();
      const i = bytes.length - data.length + (m.at % Math.max(1, data.length));
      out[i] ^= m.byte || 1;
      return out;
    }
  }
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("value" as const), line: fc.nat(40), value: fc.constantFrom(...JUNK) }),
  fc.record({ kind: fc.constant("drop" as const), line: fc.nat(40) }),
  fc.record({ kind: fc.constant("repeat" as const), line: fc.nat(40) }),
  fc.record({ kind: fc.constant("crlf" as const) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(4000) }),
  fc.record({ kind: fc.constant("damage" as const), at: fc.nat(4000), byte: fc.integer({ min: 1, max: 255 }) }),
);

function cases(): Case[] {
  const arb = fc.record({ format: fc.constantFrom("mha" as const, "nrrd" as const), compressed: fc.boolean(), mutation: mutationArb, seed: fc.nat(1000) });
  return fc.sample(arb, { seed: SEED, numRuns: COUNT }).map((c, id) => {
    const v = original(c.seed);
    const valid = c.format === "mha" ? toMetaImage(v, { compressed: c.compressed }) : toNrrd(v, { gzip: c.compressed });
    repeatsDataLine = false;
    const bytes = mutate(valid, c.format, c.mutation);
    const same = c.mutation.kind === "crlf" || (c.mutation.kind === "repeat" && !repeatsDataLine);
    return { id, format: c.format, compressed: c.compressed, mutation: c.mutation, volume: v, same, bytes };
  });
}

function unsound(v: Volume): string | null {
  if (!v.dims.every((d) => Number.isInteger(d) && d >= 1) || v.data.length !== v.dims[0] * v.dims[1] * v.dims[2])
    return `dims ${v.dims.join("×")} with ${v.data.length} values`;
  if (!v.affine.every(Number.isFinite)) return `affine ${v.affine.join(",")}`;
  if (!v.spacing.every((s) => s > 0 && Number.isFinite(s))) return `spacing ${v.spacing.join(",")}`;
  return null;
}

test(`malformed MetaImage and NRRD files (fast-check seed ${SEED}, ${COUNT} files): a clear error or a sound volume, the original where it must be`, () => {
  const failures: string[] = [];
  const counts: Record<string, number> = {};
  for (const c of cases()) {
    const label = `case ${c.id} (${c.format}${c.compressed ? ", compressed" : ""}, ${JSON.stringify(c.mutation)})`;
    const t0 = performance.now();
    let volume: Volume | null = null;
    let error: unknown = null;
    try {
      volume = readVolume(c.bytes);
    } catch (e) {
      error = e;
    }
    const seconds = (performance.now() - t0) / 1000;
    if (seconds > SECONDS_PER_FILE) failures.push(`${label}: took ${seconds.toFixed(1)} s`);
    const outcome = `${c.mutation.kind}: ${volume ? "read" : "refused"}`;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    if (volume) {
      const problem = unsound(volume);
      if (problem) failures.push(`${label}: ${problem}`);
      // a mutation that leaves the file meaning the same: the volume must be the original, voxel for voxel
      if (c.same) {
        const same =
          volume.dims.join() === c.volume.dims.join() &&
          volume.data.every((x, n) => x === c.volume.data[n]) &&
          volume.affine.every((x, n) => Math.abs(x - c.volume.affine[n]) < 1e-9);
        if (!same) failures.push(`${label}: not the original volume (dims ${volume.dims.join("×")}, affine ${volume.affine.join(",")})`);
      }
    } else {
      const problem = unclear(error);
      if (problem) failures.push(`${label}: unclear error, ${problem}`);
    }
  }
  console.log(`malformed MetaImage/NRRD suite: seed ${SEED}, ${COUNT} files: ${JSON.stringify(counts)}`);
  assert.deepEqual(failures, []);
});
