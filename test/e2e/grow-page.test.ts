// The Grow page as a user meets it: the URL is the tree; a parameter change regrows it;
// the tree JSON download is the tree the CLI and the engine make from the same state.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { growTree, treeToJSON } from "../../src/geometry/index.js";
import { useLab, openPage, settle } from "../support/site.js";

const segments = (t: ReturnType<typeof growTree>) => t.nodes.filter((n) => n.parent >= 0).length;

describe("the Grow page", () => {
  const lab = useLab();

  test("opening a link grows the tree its URL describes, and its JSON download is byte-identical to growTree's", async () => {
    const { page, problems } = await openPage(lab, "/grow?preset=brain&seed=11&terminals=60&curvature=6");
    await settle(page);
    const want = growTree({ preset: "brain", seed: 11, params: { terminals: 60, curvature: 6 } });
    const timing = await page.locator("#grow-timing").innerText();
    assert.match(timing, new RegExp(`${segments(want).toLocaleString("en-US")} segments`));
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Tree JSON" }).click()]);
    assert.equal(download.suggestedFilename(), "tree-brain-11.json");
    const text = readFileSync((await download.path())!, "utf8");
    assert.equal(text, treeToJSON(want));
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("changing a parameter regrows the tree and writes it into the URL", async () => {
    const { page, problems } = await openPage(lab, "/grow?preset=brain&seed=3");
    await settle(page);
    const before = await page.locator("#grow-timing").innerText();
    const input = page.locator("[data-param=terminals] input[type=number]");
    await input.fill("40");
    await input.dispatchEvent("input");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("terminals") === "40");
    await settle(page);
    const after = await page.locator("#grow-timing").innerText();
    const want = growTree({ preset: "brain", seed: 3, params: { terminals: 40 } });
    assert.notEqual(after, before);
    assert.match(after, new RegExp(`${segments(want).toLocaleString("en-US")} segments`));
    const ms = Number(/grown in ([\d.]+) ms/.exec(after)![1]) + Number(/rendered in ([\d.]+) ms/.exec(after)![1]);
    console.log(`grow page: regrow + render ${ms.toFixed(1)} ms for ${segments(want)} segments`);
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("an impossible parameter from a URL is reported in the page, not thrown", async () => {
    const { page } = await openPage(lab, "/grow?preset=brain&seed=3&minRadius=5&maxRadius=1");
    await settle(page);
    assert.match(await page.locator(".vl-error").innerText(), /Cannot grow this tree: .*(minRadius|maxRadius)/);
    await page.context().close();
  });
});
