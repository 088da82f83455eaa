import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { fetchNifti, REAL_SCANS } from "../../src/lab/index.js";
import { createVolume, writeNifti } from "../../src/volume/index.js";

async function serve(handler: (path: string) => { status: number; body: Uint8Array | string }) {
  const server = createServer((req, res) => {
    const { status, body } = handler(req.url ?? "/");
    res.statusCode = status;
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test("fetchNifti(url) downloads and reads a NIfTI, reporting progress", async () => {
  const v = createVolume(Float32Array, [4, 5, 6], [0.5, 0.5, 1]);
  v.data.fill(3);
  const s = await serve(() => ({ status: 200, body: writeNifti(v) }));
  try {
    const seen: number[] = [];
    const r = await fetchNifti(`${s.url}/scan.nii.gz`, { onProgress: (loaded) => seen.push(loaded) });
    assert.deepEqual(r.volume.dims, [4, 5, 6]);
    assert.equal(r.volume.data[7], 3);
    assert.ok(seen.length >= 1 && seen[seen.length - 1] === r.bytes);
  } finally {
    await s.close();
  }
});

test("fetchNifti(url) says what failed and what to do: HTTP status, not a NIfTI, no server", async () => {
  const s = await serve((path) => (path.endsWith("missing") ? { status: 404, body: "no" } : { status: 200, body: "<html>not a scan</html>" }));
  try {
    await assert.rejects(fetchNifti(`${s.url}/missing`), /answered 404.*open a scan file \(NIfTI, MetaImage, NRRD or TIFF\) from your computer/);
    await assert.rejects(fetchNifti(`${s.url}/page`), /NIfTI/i);
  } finally {
    await s.close();
  }
  await assert.rejects(fetchNifti("http://127.0.0.1:9/none.nii.gz"), /Could not download .*offline/);
});

test("REAL_SCANS name their public URL, credit and licence", () => {
  for (const s of REAL_SCANS) {
    assert.match(s.url, /^https:\/\//);
    assert.ok(s.credit && s.licence);
  }
});
