// Compares the exported ONNX models run by onnxruntime with the torch outputs that export.py wrote.
//   node models/train/check_onnx.mjs segmenter.onnx reconstructor.onnx REFERENCE_DIR
// Runs each of onnxruntime-node and onnxruntime-web (wasm, in Node) that is installed. Prints one JSON line; exit 1 when
// an output differs by more than TOLERANCE times max(1, its largest |reference value|), 3 when neither runtime is installed.
// Feeds identity (ones/zeros) and random adaptation vectors.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const TOLERANCE = 1e-4;
const [segPath, recPath, refDir] = process.argv.slice(2);
if (!refDir) {
  console.error("usage: node check_onnx.mjs segmenter.onnx reconstructor.onnx REFERENCE_DIR");
  process.exit(2);
}

async function loadRuntimes() {
  const found = [];
  for (const name of ["onnxruntime-node", "onnxruntime-web"]) {
    try {
      const ort = await import(name);
      if (name === "onnxruntime-web") ort.env.wasm.numThreads = 1;
      found.push({ ort, name });
    } catch {
      // not installed
    }
  }
  return found;
}

const runtimes = await loadRuntimes();
if (runtimes.length === 0) {
  console.error("check_onnx: neither onnxruntime-node nor onnxruntime-web is installed; skipped");
  process.exit(3);
}
const shapes = JSON.parse(readFileSync(join(refDir, "reference.json"), "utf8"));
const array = (key) => {
  const b = readFileSync(join(refDir, `${key}.f32`));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const largest = (values) => values.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
// scaled by the output's magnitude (`scaleOf` the reference; by default the output itself, at least 1): float32 sums
// in another order differ by a few ulps of the largest values
const maxDiff = (got, key, scaleOf = (want) => Math.max(1, largest(want))) => {
  const want = array(key);
  if (got.dims.join() !== shapes[key].join()) throw new Error(`${key}: dims ${got.dims}, expected ${shapes[key]}`);
  let m = 0;
  for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(got.data[i] - want[i]));
  return m / scaleOf(want);
};
// seg_prob is sigmoid(seg_logit), whose slope is at most 1/4: a logit within TOLERANCE × max|logit| gives a probability
// within TOLERANCE × max|logit| / 4, so that is the probability's scale (at least 1)
const probScale = () => Math.max(1, largest(array("seg_logit")) / 4);

async function check(ort) {
  const tensor = (key) => new ort.Tensor("float32", array(key), shapes[key]);
  const n = shapes.adapt_scale[0];
  const plain = { adapt_scale: new ort.Tensor("float32", new Float32Array(n).fill(1), [n]), adapt_shift: new ort.Tensor("float32", new Float32Array(n), [n]) };
  const adapt = { adapt_scale: tensor("adapt_scale"), adapt_shift: tensor("adapt_shift") };
  const seg = await ort.InferenceSession.create(readFileSync(segPath));
  const rec = await ort.InferenceSession.create(readFileSync(recPath));
  const segPlain = await seg.run({ image: tensor("image"), ...plain });
  const segAdapted = await seg.run({ image: tensor("image"), ...adapt });
  const recPlain = await rec.run({ image: tensor("masked"), ...plain });
  const recAdapted = await rec.run({ image: tensor("masked"), ...adapt });
  return {
    inputNames: { segmenter: seg.inputNames, reconstructor: rec.inputNames },
    outputNames: { segmenter: seg.outputNames, reconstructor: rec.outputNames },
    maxScaledDiff: {
      seg_logit: maxDiff(segPlain.seg_logit, "seg_logit"),
      seg_prob: maxDiff(segPlain.seg_prob, "seg_prob", probScale),
      seg_logit_adapted: maxDiff(segAdapted.seg_logit, "seg_logit_adapted"),
      recon: maxDiff(recPlain.recon, "recon"),
      recon_adapted: maxDiff(recAdapted.recon, "recon_adapted"),
    },
  };
}

const results = {};
for (const { ort, name } of runtimes) results[name] = await check(ort);
const ok = Object.values(results).every((r) => Object.values(r.maxScaledDiff).every((d) => d <= TOLERANCE));
console.log(JSON.stringify({ ...results, tolerance: TOLERANCE, ok }));
process.exit(ok ? 0 : 1);
