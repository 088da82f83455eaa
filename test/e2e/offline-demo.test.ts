// The Segment page with no network: everything but the lab's own server is refused, so a real scan cannot be
// downloaded. The page says so once (other controls rerunning the page neither fetch it again nor say it again),
// offers the demo volume the lab ships, which loads from the lab's own files and is segmented.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DEMO_VOLUME, REAL_SCANS } from "../../src/lab/index.js";
import { cutNetwork, openPage, screenshot, settle, useLab } from "../support/site.js";

const SEGMENTER_CARD = JSON.parse(readFileSync("models/segmenter.json", "utf8")) as { spacing?: unknown };

describe("the Segment page offline", () => {
  const lab = useLab();

  test("a real scan that cannot be downloaded is said so once, and the demo volume it offers loads without network and is segmented", async () => {
    const { page, problems } = await openPage(lab, "/segment?source=synthetic+sample&sample=brain-tof&index=1&ssize=32&dseed=4242&provider=wasm");
    await settle(page);
    // from here on the network is gone: only the lab's own server answers
    const refused = await cutNetwork(page, lab);
    const scan = REAL_SCANS[0];
    const timesSaid = () => page.evaluate(() => document.body.innerText.split("could not be downloaded").length - 1);

    await page.getByRole("radio", { name: "real scan", exact: true }).click();
    await page.locator("#volume-status.vl-scan-unavailable").waitFor({ timeout: 60_000 });
    await settle(page);
    assert.equal(
      await page.locator("#volume-status .vl-error").innerText(),
      `${scan.name} could not be downloaded from niivue.github.io (Failed to fetch): this browser may be offline, or the address no longer answers.`,
    );
    assert.match(
      await page.locator("#volume-status").innerText(),
      /\nOpen the demo volume a small synthetic angiogram with its label that the lab ships \(no network needed\); or open a scan file \(NIfTI, MetaImage, NRRD or TIFF\) from your computer\.$/,
    );
    assert.equal(await timesSaid(), 1);
    assert.deepEqual(refused, [scan.url]);
    await screenshot(page, "offline-message");

    // other controls rerun the page: the scan is neither fetched nor announced again
    await page.evaluate(() => ((document.querySelector("#volume-status") as HTMLElement).dataset.mark = "said"));
    await page.getByRole("radio", { name: "×2", exact: true }).click();
    await page.waitForFunction(() => new URLSearchParams(location.search).get("scale") === "x2", null, { timeout: 30_000 });
    // back to the page's default scale, the model card's (absent from the URL)
    await page.getByRole("radio", { name: SEGMENTER_CARD.spacing === "auto" ? "fit to vessels" : "as scanned", exact: true }).click();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has("scale"), null, { timeout: 30_000 });
    await settle(page);
    assert.equal(await page.locator("#volume-status").getAttribute("data-mark"), "said", "the message is the one first shown");
    assert.equal(await timesSaid(), 1);
    assert.deepEqual(refused, [scan.url], "the scan was not fetched again");

    // the offer: the demo volume, from the lab's own files
    await page.getByRole("button", { name: "Open the demo volume" }).click();
    await page.waitForFunction((name) => document.querySelector("#volume-status")?.textContent?.startsWith(`${name}: 48×48×48 voxels`), DEMO_VOLUME.name, {
      timeout: 60_000,
    });
    await settle(page);
    assert.equal(await page.getByRole("radio", { name: "demo volume", exact: true }).isChecked(), true);
    assert.equal(new URL(page.url()).searchParams.get("source"), "demo volume");
    assert.match(
      await page.locator("#volume-status").innerText(),
      new RegExp(`with its label\\. offered instead of ${scan.name.replace(/[()]/g, "\\$&")}, which could not be downloaded; `),
    );
    assert.equal(await timesSaid(), 1, "said once, beside the demo volume");
    assert.equal(await page.locator("#input-preview").getAttribute("data-volume"), DEMO_VOLUME.stem);
    await screenshot(page, "offline-demo");

    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#segment-metrics").waitFor({ timeout: 120_000 });
    await settle(page);
    assert.match(await page.locator("#segment-status").innerText(), /^Segmented 48×48×48 voxels/);
    const dice = Number((await page.locator("#segment-metrics").innerText()).match(/Dice\s+([\d.]+)/)![1]);
    assert.ok(dice > 0.3, `Dice against the demo volume's label: ${dice}`);
    await screenshot(page, "offline-demo-segmented");

    assert.deepEqual(refused, [scan.url], "nothing else left the lab's server");
    assert.deepEqual(problems.pageErrors, []);
    // Chromium logs the refused download itself; nothing else may be an error
    assert.deepEqual(
      problems.console.filter((m) => !/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/.test(m)),
      [],
    );
    await page.context().close();
  });
});

describe("the Synthesise page offline", () => {
  const lab = useLab();

  test("the real scan beside the synthetic image cannot be downloaded: said once, and the demo volume it offers is shown instead", async () => {
    const { page, problems } = await openPage(lab, "/synthesise?preset=brain&seed=2&terminals=20&size=48");
    await settle(page); // the first visit's download (served from the test's copy) ends before the network is cut
    const refused = await cutNetwork(page, lab);
    await page.reload();
    await page.locator("#real-status.vl-scan-unavailable").waitFor({ timeout: 60_000 });
    await settle(page);
    const said = await page.locator("#real-status .vl-error").innerText();
    const scan = REAL_SCANS.find((s) => said.startsWith(`${s.name} could not be downloaded from ${new URL(s.url).host} (`))!;
    assert.ok(scan, said);
    assert.equal(await page.locator("#real-vs-synthetic").count(), 0);
    await page.getByRole("button", { name: "Open the demo volume" }).click();
    await page.locator("#real-vs-synthetic").waitFor({ timeout: 60_000 });
    await settle(page);
    const caption = await page.locator("#real-vs-synthetic figcaption").first().innerText();
    assert.ok(caption.startsWith(`${DEMO_VOLUME.name} (offered instead of ${scan.name}): MIP, 48×48×48`), caption);
    assert.equal(await page.evaluate(() => document.body.innerText.split("could not be downloaded").length - 1), 1, "said once");
    assert.deepEqual(refused, [scan.url]);
    await screenshot(page, "synthesise-offline-demo");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(
      problems.console.filter((m) => !/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/.test(m)),
      [],
    );
    await page.context().close();
  });
});
