import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEMO_VOLUME,
  demoVolumeDetail,
  isScanUnavailable,
  loadVolume,
  REAL_SCANS,
  ScanUnavailableError,
  scanUnavailable,
  type RealScan,
  type SampleMaker,
} from "../../src/lab/index.js";

const noSamples: SampleMaker = () => Promise.reject(new Error("not asked"));

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

test("scanUnavailable(scan, error) says once which scan could not be downloaded, from where and why; an abort passes through", () => {
  const scan = REAL_SCANS[0];
  const offline = scanUnavailable(
    scan,
    new Error(
      `Could not download ${scan.url} (Failed to fetch): are you offline? You can open a scan file (NIfTI, MetaImage, NRRD or TIFF) from your computer instead.`,
    ),
  );
  assert.ok(offline instanceof ScanUnavailableError && isScanUnavailable(offline));
  assert.equal(
    offline.message,
    `${scan.name} could not be downloaded from niivue.github.io (Failed to fetch): this browser may be offline, or the address no longer answers.`,
  );
  assert.equal(offline.scan, scan);
  const missing = scanUnavailable(
    scan,
    new Error(
      `Could not download ${scan.url}: the server answered 404 Not Found. You can open a scan file (NIfTI, MetaImage, NRRD or TIFF) from your computer instead.`,
    ),
  ) as ScanUnavailableError;
  assert.equal(missing.reason, "the server answered 404 Not Found");
  const page = scanUnavailable(scan, new Error("not a NIfTI file: no NIfTI-1 or NIfTI-2 magic. Give a .nii or .nii.gz")) as ScanUnavailableError;
  assert.equal(page.reason, "not a NIfTI file: no NIfTI-1 or NIfTI-2 magic");
  const abort = new DOMException("stopped", "AbortError");
  assert.equal(scanUnavailable(scan, abort), abort);
  assert.equal(scanUnavailable(scan, offline), offline, "not wrapped twice");
  assert.equal(isScanUnavailable(new Error("x")), false);
  assert.equal(isScanUnavailable(null), false);
});

test("loadVolume({source: 'real scan'}) throws a ScanUnavailableError when the scan cannot be fetched (no server, HTTP 404, not a NIfTI)", async () => {
  const s = await serve((path) => (path.endsWith("missing.nii.gz") ? { status: 404, body: "no" } : { status: 200, body: "<html>a captive portal</html>" }));
  const scan = (url: string): RealScan => ({ ...REAL_SCANS[0], url });
  try {
    for (const [url, reason] of [
      ["http://127.0.0.1:9/none.nii.gz", /^fetch failed$/],
      [`${s.url}/missing.nii.gz`, /^the server answered 404/],
      [`${s.url}/page.nii.gz`, /NIfTI/i],
    ] as const) {
      await assert.rejects(loadVolume({ source: "real scan", scan: scan(url) }, { makeSample: noSamples }), (error: unknown) => {
        assert.ok(isScanUnavailable(error), String(error));
        assert.match(error.reason, reason);
        assert.ok(error.message.startsWith(`${REAL_SCANS[0].name} could not be downloaded from 127.0.0.1`), error.message);
        return true;
      });
    }
  } finally {
    await s.close();
  }
});

test("loadVolume({source: 'demo volume'}) reads the page's demo files with their label, and says which scan it stands in for", async () => {
  const files: Record<string, Uint8Array> = {
    "/image.nii.gz": readFileSync(join("notebooks", DEMO_VOLUME.files.image)),
    "/label.nii.gz": readFileSync(join("notebooks", DEMO_VOLUME.files.label)),
  };
  const s = await serve((path) => (files[path] ? { status: 200, body: files[path] } : { status: 404, body: "" }));
  try {
    const demo = { image: `${s.url}/image.nii.gz`, label: `${s.url}/label.nii.gz` };
    const plain = await loadVolume({ source: "demo volume" }, { makeSample: noSamples, demo });
    assert.deepEqual(plain.volume.dims, [48, 48, 48]);
    assert.deepEqual(plain.label?.dims, [48, 48, 48]);
    assert.equal(plain.name, DEMO_VOLUME.name);
    assert.equal(plain.stem, DEMO_VOLUME.stem);
    assert.equal(plain.detail, demoVolumeDetail());
    assert.equal(
      plain.detail,
      "made by the lab's own simulator (brain-tof sample 7 of seed 4242, 48³ on scanner voxels) and shipped with the lab: no network needed",
    );
    const offered = await loadVolume({ source: "demo volume", insteadOf: REAL_SCANS[0].name }, { makeSample: noSamples, demo });
    assert.equal(offered.detail, `offered instead of ${REAL_SCANS[0].name}, which could not be downloaded; ${demoVolumeDetail()}`);
    await assert.rejects(loadVolume({ source: "demo volume" }, { makeSample: noSamples }), /does not serve the demo volume/);
  } finally {
    await s.close();
  }
});
