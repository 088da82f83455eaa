// Writes test/fixtures/nibabel-malformed.json: nibabel's answer (the volume it reads, summarised, or the exception it
// raises) for the first FIXTURE_COUNT malformed files of the property suite (test/volume/malformed/cases.ts), with a
// hash of each file so the suite notices when its files change. Needs /usr/bin/python3 with nibabel.
//   npx tsx scripts/nibabel-malformed.ts
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_COUNT, SEED, malformedCases } from "../test/volume/malformed/cases.js";

const dir = mkdtempSync(join(tmpdir(), "nibabel-malformed-"));
try {
  const cases = malformedCases().slice(0, FIXTURE_COUNT);
  const files = cases.map((c) => {
    const path = join(dir, `case-${c.id}${c.ext}`);
    writeFileSync(path, c.bytes);
    return { id: c.id, path };
  });
  const r = spawnSync("/usr/bin/python3", ["scripts/nibabel-malformed.py"], { input: JSON.stringify(files), encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`nibabel-malformed.py failed (apt-get install -y python3-nibabel?):\n${r.stderr}`);
  const answers = JSON.parse(r.stdout) as Record<string, unknown>;
  const fixture = {
    about: "nibabel's answers for the first cases of test/volume/malformed (seed, count below); written by scripts/nibabel-malformed.ts",
    seed: SEED,
    count: cases.length,
    cases: cases.map((c) => ({ id: c.id, sha256: createHash("sha256").update(c.bytes).digest("hex"), nibabel: answers[String(c.id)] })),
  };
  writeFileSync("test/fixtures/nibabel-malformed.json", `${JSON.stringify(fixture)}\n`);
  const read = fixture.cases.filter((c) => (c.nibabel as { read: boolean }).read).length;
  console.error(`nibabel-malformed: ${cases.length} files, nibabel reads ${read} and refuses ${cases.length - read} → test/fixtures/nibabel-malformed.json`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
