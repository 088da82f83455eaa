import { test } from "node:test";
import assert from "node:assert/strict";
import {
  incompatibility,
  manifestHeader,
  manifestName,
  manifestText,
  mergeManifests,
  parseManifest,
  parseShard,
  shardIndices,
  type DatasetSettings,
  type ManifestEntry,
} from "../../src/dataset/index.js";

const settings: DatasetSettings = {
  seed: 1,
  preset: "mix",
  size: 32,
  fit: false,
  fraction: false,
  centerline: false,
  imageDtype: "int16",
  labelConvention: "lumen",
  voxels: "wide",
};
const entry = (index: number, sha = "ab") =>
  ({ kind: "sample", index, files: { image: { path: `images/sample-${index}.nii.gz`, bytes: 10, sha256: sha } } }) as unknown as ManifestEntry;

test("parseShard('i/n') takes 0 ≤ i < n, and says what is wrong otherwise", () => {
  assert.deepEqual(parseShard("0/1"), { index: 0, count: 1 });
  assert.deepEqual(parseShard(" 15 / 16 "), { index: 15, count: 16 });
  assert.throws(() => parseShard("3/2"), /--shard 3\/2: i must be in 0\.\.n-1 \(0\.\.1\)/);
  assert.throws(() => parseShard("2/2"), /i must be in 0\.\.n-1/);
  assert.throws(() => parseShard("0/0"), /n must be at least 1/);
  assert.throws(() => parseShard("1"), /give i\/n/);
  assert.throws(() => parseShard("-1/2"), /give i\/n/);
  assert.throws(() => parseShard("/2"), /give i\/n/);
});

test("shardIndices(count, shard): the shards of a data set are disjoint and together hold every index once", () => {
  for (const n of [1, 2, 3, 7]) {
    const all = Array.from({ length: n }, (_, i) => shardIndices(20, { index: i, count: n }))
      .flat()
      .sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 20 }, (_, i) => i),
    );
  }
  assert.deepEqual(shardIndices(10, { index: 1, count: 4 }), [1, 5, 9]);
  assert.deepEqual(shardIndices(2, { index: 3, count: 4 }), []);
  assert.equal(manifestName({ index: 0, count: 1 }), "manifest.jsonl");
  assert.equal(manifestName({ index: 3, count: 16 }), "manifest-shard-3-of-16.jsonl");
});

test("parseManifest(text) keeps the last line of each index and ignores a last line cut short by a killed run", () => {
  const header = manifestHeader("vessel-lab 0.1.0", settings, 3, { index: 0, count: 1 });
  const text = `${JSON.stringify(header)}\n${JSON.stringify(entry(0, "old"))}\n${JSON.stringify(entry(1))}\n${JSON.stringify(entry(0, "new"))}\n{"kind":"sample","ind`;
  const m = parseManifest(text);
  assert.deepEqual(m.header, header);
  assert.deepEqual([...m.samples.keys()].sort(), [0, 1]);
  assert.equal(m.samples.get(0)!.files.image!.sha256, "new");
  assert.equal(m.completeLength, text.lastIndexOf("\n") + 1);
});

test("parseManifest(text) throws, naming the line, on a damaged line, a missing header or another version", () => {
  const header = JSON.stringify(manifestHeader("vessel-lab 0.1.0", settings, 3, { index: 0, count: 1 }));
  assert.throws(() => parseManifest(`${header}\nnot json\n${JSON.stringify(entry(1))}\n`, "m.jsonl"), /m\.jsonl, line 2: not a JSON object/);
  assert.throws(() => parseManifest(`${JSON.stringify(entry(1))}\n`), /line 1: not a vessel-lab\/manifest header/);
  assert.throws(() => parseManifest(""), /empty/);
  assert.throws(() => parseManifest(`${header.replace('"version":1', '"version":9')}\n`), /manifest version 9/);
  assert.throws(() => parseManifest(`${header}\n{"kind":"other"}\n`), /line 2: not a sample line/);
});

test("incompatibility(header, generator, settings) names each setting that differs, and the program version; count and shard may differ", () => {
  const header = manifestHeader("vessel-lab 0.1.0", settings, 3, { index: 0, count: 2 });
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", settings), null);
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", { ...settings }), null);
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", { ...settings, seed: 2, size: 64 }), "seed 1 (now 2), size 32 (now 64)");
  assert.equal(incompatibility(header, "vessel-lab 0.2.0", settings), "made by vessel-lab 0.1.0, not vessel-lab 0.2.0");
});

test("mergeManifests(parts) gives the manifest of an unsharded run: one header, each index once, in order", () => {
  const h = (i: number) => manifestHeader("vessel-lab 0.1.0", settings, 4, { index: i, count: 2 });
  const part = (i: number, indices: number[]) => parseManifest(manifestText(h(i), new Map(indices.map((k) => [k, entry(k)]))));
  const merged = mergeManifests([part(1, [1, 3]), part(0, [0, 2])]);
  const whole = manifestText(manifestHeader("vessel-lab 0.1.0", settings, 4, { index: 0, count: 1 }), new Map([0, 1, 2, 3].map((k) => [k, entry(k)])));
  assert.equal(merged.text, whole);
  const other = parseManifest(manifestText(manifestHeader("vessel-lab 0.1.0", { ...settings, seed: 5 }, 4, { index: 0, count: 2 }), new Map()));
  assert.throws(() => mergeManifests([part(0, [0]), other]), /do not belong together: seed 5 \(now 1\)/);
  assert.throws(() => mergeManifests([]), /no manifests/);
});

test("incompatibility: a header from before imageDtype was recorded held float32 images", () => {
  const { imageDtype: _, ...old } = settings;
  const header = manifestHeader("vessel-lab 0.1.0", old as DatasetSettings, 3, { index: 0, count: 1 });
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", { ...settings, imageDtype: "float32" }), null);
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", settings), 'imageDtype "float32" (now "int16")');
});

test("incompatibility: a header from before voxels was recorded held scanner-scaled patches", () => {
  const { voxels: _, ...old } = settings;
  const header = manifestHeader("vessel-lab 0.1.0", old as DatasetSettings, 3, { index: 0, count: 1 });
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", { ...settings, voxels: "scanner" }), null);
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", settings), 'voxels "scanner" (now "wide")');
});

test("incompatibility: a header from before labelConvention was recorded held lumen labels", () => {
  const { labelConvention: _, ...old } = settings;
  const header = manifestHeader("vessel-lab 0.1.0", old as DatasetSettings, 3, { index: 0, count: 1 });
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", settings), null);
  assert.equal(incompatibility(header, "vessel-lab 0.1.0", { ...settings, labelConvention: "visible" }), 'labelConvention "lumen" (now "visible")');
});

test("incompatibility: the chance of dark vessels is compared when either side gives it; a header without it had each modality's own", () => {
  const dark = manifestHeader("vessel-lab 0.1.0", { ...settings, darkVessels: 1 }, 3, { index: 0, count: 1 });
  assert.equal(incompatibility(dark, "vessel-lab 0.1.0", { ...settings, darkVessels: 1 }), null);
  assert.equal(incompatibility(dark, "vessel-lab 0.1.0", { ...settings, darkVessels: 0.5 }), "darkVessels 1 (now 0.5)");
  assert.equal(incompatibility(dark, "vessel-lab 0.1.0", settings), "darkVessels 1 (now each modality's own)");
  const own = manifestHeader("vessel-lab 0.1.0", settings, 3, { index: 0, count: 1 });
  assert.equal(incompatibility(own, "vessel-lab 0.1.0", { ...settings, darkVessels: 0 }), "darkVessels each modality's own (now 0)");
});
