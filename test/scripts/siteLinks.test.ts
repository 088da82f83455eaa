import { test } from "node:test";
import assert from "node:assert/strict";
import MarkdownIt from "markdown-it";
import { siteHref, siteLinks } from "../../observablehq.config.js";

test("siteHref serves a relative link to a Markdown file as the site's page, anchor kept, and leaves every other link alone", () => {
  assert.equal(siteHref("train/README.md"), "train/README");
  assert.equal(siteHref("../../README.md#the-five-level-run-stop-23"), "../../README#the-five-level-run-stop-23");
  assert.equal(siteHref("./segment"), "./segment");
  assert.equal(siteHref("https://example.org/README.md"), "https://example.org/README.md");
  assert.equal(siteHref("#notes.md"), "#notes.md");
  assert.equal(siteHref("data/table.md.gz"), "data/table.md.gz");
});

test("siteLinks rewrites the links markdown-it renders, as Framework renders the models' READMEs", () => {
  const md = new MarkdownIt().use(siteLinks as never);
  assert.equal(
    md.renderInline("see [the toolkit](train/README.md) and [a web page](https://a.org/x.md)"),
    'see <a href="train/README">the toolkit</a> and <a href="https://a.org/x.md">a web page</a>',
  );
});
