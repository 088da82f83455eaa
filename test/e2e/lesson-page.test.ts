// The Lesson page as a class meets it: five steps, each with a question, a cell and an answer folded away; the cells
// driven by their buttons produce their answers (Dice numbers between 0 and 1, a gap score, a comparison table).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, settle, useLab } from "../support/site.js";

describe("the Lesson page", () => {
  const lab = useLab();

  test("lesson: renders with no error; each of its five steps has a question and an answer revealed by a click", async () => {
    const { page, problems } = await openPage(lab, "/lesson?lpreset=brain-tof&lindex=0");
    const errorCells = await settle(page);
    assert.deepEqual(errorCells, []);
    assert.match(await page.locator("#scan-status").innerText(), /48×48×48 voxels/);
    // the scan's label is drawn as the lesson's network learnt labels (its card's convention), and the command says so
    assert.match(await page.locator("#scan-status").innerText(), /--voxels scanner --label-convention visible --out/);
    assert.equal(await page.locator("#step1-views canvas").count(), 2, "step 1 shows the scan and its label");
    assert.match(await page.locator("#step1-cost").innerText(), /slices with a vessel to trace\s+\d+ of 48/);
    const steps = page.locator("h2", { hasText: /^\d\. / });
    assert.equal(await steps.count(), 5);
    for (let n = 1; n <= 5; n++) {
      const heading = page.locator("h2", { hasText: new RegExp(`^${n}\\. `) });
      assert.match(await heading.innerText(), /\?$/, `step ${n}'s heading is a question`);
      // the question comes right after the heading, the answer is a <details> that starts folded
      const question = page.locator(`h2:has-text("${(await heading.innerText()).replace(/"/g, '\\"')}") + p`);
      assert.match(await question.innerText(), /^Question\. .+\?/, `step ${n}'s question`);
      const answer = page.locator(`#answer-${n}`);
      assert.equal(await answer.getAttribute("open"), null, `step ${n}'s answer starts folded`);
      assert.equal(await answer.locator("summary").innerText(), "Answer");
      assert.equal(await answer.locator("p").first().isVisible(), false);
      await answer.locator("summary").click();
      assert.equal(await answer.locator("p").first().isVisible(), true, `step ${n}'s answer shows on a click`);
      assert.ok((await answer.innerText()).length > 200, `step ${n}'s answer says something`);
    }
    await screenshot(page, "lesson");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.failedRequests, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("lesson: the buttons answer steps 2 to 5 with Dice numbers between 0 and 1, and training without effects fails on the test scans", async () => {
    const { page, problems } = await openPage(lab, "/lesson?lpreset=brain-tof&lindex=0&lshift=heavy+noise");
    await settle(page);
    const inUnit = (x: number, what: string) => assert.ok(x >= 0 && x <= 1, `${what} = ${x}`);
    const timings: Record<string, number> = {};
    const timed = async (name: string, click: () => Promise<void>, result: string) => {
      const t0 = Date.now();
      await click();
      await page.locator(result).waitFor({ timeout: 180_000 });
      await settle(page);
      timings[name] = (Date.now() - t0) / 1000;
    };

    // step 2: every effect on, then every effect off
    await timed("train, every effect", () => page.getByRole("button", { name: "Train with 9 of 9 groups, then test" }).click(), "#train-result");
    const all = page.locator("#train-result");
    const allTrain = Number(await all.getAttribute("data-train-dice"));
    const allTest = Number(await all.getAttribute("data-test-dice"));
    inUnit(allTrain, "training Dice, every effect");
    inUnit(allTest, "test Dice, every effect");
    assert.match(await all.innerText(), /Learnt threshold: 0\.\d\d/);
    for (const box of await page.locator("#train-effects input[type=checkbox]").all()) if (await box.isChecked()) await box.uncheck();
    await settle(page);
    assert.equal(await page.locator("#train-result").count(), 0, "a new choice of effects waits for a click");
    await timed("train, no effect", () => page.getByRole("button", { name: "Train with 0 of 9 groups, then test" }).click(), "#train-result");
    const cleanTrain = Number(await page.locator("#train-result").getAttribute("data-train-dice"));
    const cleanTest = Number(await page.locator("#train-result").getAttribute("data-test-dice"));
    assert.ok(cleanTrain > 0.99, `clean training samples are cut perfectly: ${cleanTrain}`);
    assert.ok(cleanTest < allTest, `learnt on clean samples, the threshold does worse on the test scans: ${cleanTest} against ${allTest}`);
    assert.equal(await page.locator("#train-history svg circle").count(), 4, "two runs, two dots each");

    // step 3: the gap score rises under heavy noise
    await timed("gap", () => page.getByRole("button", { name: "Measure the gap" }).click(), "#gap-result");
    const gap = page.locator("#gap-result");
    assert.ok(Number(await gap.getAttribute("data-loss-pushed")) > Number(await gap.getAttribute("data-loss-made")), await gap.innerText());
    const gapDice = (await gap.innerText()).match(/Dice: ([\d.]+) as made, ([\d.]+) pushed/);
    assert.ok(gapDice, await gap.innerText());
    inUnit(Number(gapDice[1]), "Dice as made");
    inUnit(Number(gapDice[2]), "Dice pushed");

    // step 4: adaptation on the pushed scan
    await timed("adapt", () => page.getByRole("button", { name: "Adapt", exact: true }).click(), "#lesson-adapt-result");
    const adapted = page.locator("#lesson-adapt-result");
    inUnit(Number(await adapted.getAttribute("data-dice-before")), "Dice as trained");
    inUnit(Number(await adapted.getAttribute("data-dice-after")), "Dice adapted");
    assert.match(await adapted.innerText(), /fell from [\d.]+ to [\d.]+|stays as trained/);

    // step 5: the network, Otsu and Frangi against the label
    await timed("compare", () => page.getByRole("button", { name: "Compare" }).click(), "#lesson-compare-result");
    const rows = page.locator("#lesson-compare-result tbody tr");
    assert.equal(await rows.count(), 3);
    for (const row of await rows.all()) inUnit(Number(await row.locator("td").first().innerText()), `Dice of ${await row.getAttribute("data-method")}`);
    await screenshot(page, "lesson-ran");
    console.log(`lesson cell timings (s): ${JSON.stringify(timings)}`);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });
});
