import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  LAB_VERSION,
  REPORT_BUDGET_BYTES,
  checkReport,
  reportModelOf,
  parseReportModels,
  describeBytes,
  escapeHtml,
  figureSize,
  isSha256Hex,
  reportBytes,
  reportFileName,
  reportHtml,
  sha256Hex,
  svgProblem,
  urlParameters,
  type ReportDescription,
} from "../../src/lab/index.js";

// a data: URL of the shape canvas.toDataURL gives (its bytes are not decoded here; the browser test decodes real ones)
const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEklEQVR4nGP4z8DAwMDAwMDAAAANCgEB1yZJhgAAAABJRU5ErkJggg==";
const FILE_HASH = createHash("sha256").update("a scan").digest("hex");

function description(over: Partial<ReportDescription> = {}): ReportDescription {
  return {
    title: "Segment",
    url: "http://127.0.0.1:3000/segment?source=synthetic+sample&dseed=4242&index=1&provider=wasm",
    labVersion: "0.1.0",
    exportedAt: "2025-03-04T10:20:30.000Z",
    models: [{ role: "segmenter", name: "vessel-lab segmenter (step 6750)", step: 6750, sha256: "ab".repeat(32) }],
    files: [{ label: "your NIfTI scan", name: "scan <1>.nii.gz", bytes: 1234567, sha256: FILE_HASH }],
    settings: [
      { label: "Runtime", value: "WASM (CPU)" },
      { label: "Sample index", value: "1" },
    ],
    notes: [],
    blocks: [
      { kind: "heading", level: 1, text: "Segment vessels in the page" },
      { kind: "text", text: "Dice 0.812 & clDice 0.900" },
      { kind: "table", caption: "scores", head: ["method", "Dice"], rows: [["model", "0.812"]] },
      { kind: "image", caption: "vessel probability", src: PNG, width: 256, height: 128 },
      {
        kind: "svg",
        caption: "a histogram",
        markup: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5" fill="url(#g)"/><text>one = 1</text></svg>',
      },
    ],
    ...over,
  };
}

test("sha256Hex agrees with node:crypto's SHA-256, for the empty string, a short text and a megabyte of bytes", async () => {
  const mega = new Uint8Array(2 ** 20).map((_, i) => (i * 31 + 7) & 255);
  for (const bytes of [new Uint8Array(0), new TextEncoder().encode("abc"), mega]) {
    assert.equal(await sha256Hex(bytes), createHash("sha256").update(bytes).digest("hex"));
  }
  assert.equal(await sha256Hex(new TextEncoder().encode("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "FIPS 180-2's example");
  // a view into a larger buffer hashes only its own bytes
  assert.equal(await sha256Hex(mega.subarray(10, 20)), createHash("sha256").update(mega.subarray(10, 20)).digest("hex"));
  assert.ok(isSha256Hex(await sha256Hex(mega)));
  assert.ok(!isSha256Hex("AB".repeat(32)) && !isSha256Hex("ab".repeat(31)));
});

test("LAB_VERSION is package.json's version", () => {
  assert.equal(LAB_VERSION, JSON.parse(readFileSync("package.json", "utf8")).version);
});

test("escapeHtml leaves no tag, entity or attribute quote a page's text could smuggle in", () => {
  assert.equal(escapeHtml(`<script>alert("x")</script> & 'y'`), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
});

test("reportHtml holds the title, the state link, the version, the model, every setting and URL parameter, and the file's name, size and hash", () => {
  const html = reportHtml(description());
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<h1>Segment<\/h1>/);
  assert.ok(
    html.includes('href="http://127.0.0.1:3000/segment?source=synthetic+sample&amp;dseed=4242&amp;index=1&amp;provider=wasm"'),
    "the state link, its & escaped",
  );
  assert.match(html, /<span id="lab-version">0\.1\.0<\/span>/);
  assert.ok(html.includes("<td>segmenter</td><td>vessel-lab segmenter (step 6750)</td><td>6750</td><td>" + "ab".repeat(32) + "</td>"));
  assert.ok(html.includes("<td>Runtime</td><td>WASM (CPU)</td>") && html.includes("<td>Sample index</td><td>1</td>"));
  for (const [k, v] of [
    ["source", "synthetic sample"],
    ["dseed", "4242"],
    ["index", "1"],
    ["provider", "wasm"],
  ])
    assert.ok(html.includes(`<td>${k}</td><td>${v}</td>`), `URL parameter ${k}`);
  assert.ok(
    html.includes(`<td>your NIfTI scan</td><td>scan &lt;1&gt;.nii.gz</td><td>1,234,567 bytes (1.2 MB)</td><td>${FILE_HASH}</td>`),
    "the file named (escaped), sized and hashed",
  );
  assert.ok(html.includes("<p>Dice 0.812 &amp; clDice 0.900</p>"));
  assert.ok(html.includes("<caption>scores</caption><thead><tr><th>method</th><th>Dice</th></tr></thead><tbody><tr><td>model</td><td>0.812</td></tr></tbody>"));
  assert.ok(html.includes(`<img src="${PNG}" width="256" height="128" alt="vessel probability">`), "the canvas as a data: URL at its page size");
  assert.ok(html.includes('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'), "the SVG inline");
  assert.ok(
    html.indexOf("Segment vessels in the page") < html.indexOf("Dice 0.812") &&
      html.indexOf("Dice 0.812") < html.indexOf("<caption>scores") &&
      html.indexOf("<caption>scores") < html.indexOf(PNG),
    "the page's blocks in order",
  );
});

test("reportHtml loads nothing: a CSP allowing only data: images and inline style, and no src/href to the network but the state link", () => {
  const html = reportHtml(description());
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`));
  assert.doesNotMatch(html, /<script|<link|@import/i);
  const srcs = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]);
  assert.equal(srcs.length, 1);
  assert.ok(srcs.every((s) => s.startsWith("data:image/")));
  const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(
    hrefs,
    ["http://127.0.0.1:3000/segment?source=synthetic+sample&amp;dseed=4242&amp;index=1&amp;provider=wasm"],
    "the one link is the page's state",
  );
});

test("reportHtml says so when the page ran no model, had no file of the user's and no parameter", () => {
  const html = reportHtml(description({ models: [], files: [], url: "http://127.0.0.1:3000/grow" }));
  assert.match(html, /This page ran no model/);
  assert.match(html, /No file of yours was used/);
  assert.match(html, /The link holds no parameter/);
});

test("checkReport refuses what would not open offline or would not identify a file, naming the field", () => {
  const image = (src: string) => description({ blocks: [{ kind: "image", caption: null, src, width: 10, height: 10 }] });
  assert.throws(() => reportHtml(image("http://example.org/a.png")), /blocks\[0\]\.src must be a base64 data:image/);
  assert.throws(() => reportHtml(image("blob:http://127.0.0.1/x")), /blocks\[0\]\.src/);
  assert.throws(() => reportHtml(image('data:image/png;base64,AAAA" onerror="x')), /blocks\[0\]\.src/, "no attribute break-out through the data URL");
  assert.throws(() => reportHtml(description({ blocks: [{ kind: "image", caption: null, src: PNG, width: 0, height: 10 }] })), /width and height > 0/);
  assert.throws(
    () => reportHtml(description({ files: [{ label: "scan", name: "a.nii", bytes: 3, sha256: "" }] })),
    /files\[0\]\.sha256 must be 64 lower-case hex/,
  );
  assert.throws(() => reportHtml(description({ files: [{ label: "scan", name: "a.nii", bytes: 2.5, sha256: FILE_HASH }] })), /files\[0\]\.bytes/);
  assert.throws(() => reportHtml(description({ models: [{ role: "segmenter", name: "m", step: null, sha256: "x" }] })), /models\[0\]\.sha256/);
  assert.throws(() => reportHtml(description({ url: "/segment?x=1" })), /report\.url must be the page's absolute address/);
  assert.throws(() => reportHtml(description({ url: "javascript:alert(1)" })), /http\(s\) or file address/);
  assert.throws(() => reportHtml(description({ exportedAt: "yesterday" })), /exportedAt must be an ISO 8601 date/);
  assert.throws(() => reportHtml(description({ title: " " })), /report\.title must be a non-empty string/);
  assert.doesNotThrow(() => checkReport(description()));
});

test("svgProblem refuses scripts, handlers, HTML inside and outside references, and lets #ids, data: and text through", () => {
  const svg = (inner: string, attrs = "") => `<svg xmlns="http://www.w3.org/2000/svg"${attrs}>${inner}</svg>`;
  assert.equal(svgProblem(svg('<rect fill="url(#g)"/><use href="#a"/><image href="data:image/png;base64,AA"/><text>one = 1, see http://x</text>')), null);
  assert.match(svgProblem(svg("<script>x()</script>"))!, /no <script>/);
  assert.match(svgProblem(svg("<rect/>", ' onload="x()"'))!, /event handler/);
  assert.match(svgProblem(svg('<rect onclick = "x()"/>'))!, /event handler/);
  assert.match(svgProblem(svg('<image href="http://example.org/a.png"/>'))!, /reference outside itself/);
  assert.match(svgProblem(svg('<image xlink:href="https://example.org/a.png"/>'))!, /reference outside itself/);
  assert.match(svgProblem(svg('<rect style="fill:url(http://x/y.svg#p)"/>'))!, /url\(\) outside itself/);
  assert.match(svgProblem(svg("<foreignObject><div>x</div></foreignObject>"))!, /foreignObject/);
  assert.match(svgProblem("<div>not svg</div>")!, /one <svg> element/);
  assert.throws(
    () => reportHtml(description({ blocks: [{ kind: "svg", caption: null, markup: svg("<script>x()</script>") }] })),
    /blocks\[0\]\.markup must hold no <script>/,
  );
});

test("figureSize keeps a small figure and brings a large one's longer side to maxSide, aspect kept", () => {
  assert.deepEqual(figureSize(128, 64, 1024), { width: 128, height: 64 });
  assert.deepEqual(figureSize(3000, 1500, 1000), { width: 1000, height: 500 });
  assert.deepEqual(figureSize(1500, 3000, 1000), { width: 500, height: 1000 });
  assert.deepEqual(figureSize(5000, 2, 1000), { width: 1000, height: 1 }, "never a zero side");
  assert.throws(() => figureSize(0, 10, 100), /width and height must be > 0/);
  assert.throws(() => figureSize(10, 10, 0), /maxSide must be ≥ 1/);
});

test("reportBytes counts UTF-8 bytes (³ is two), and REPORT_BUDGET_BYTES is the goal's 5 MB", () => {
  assert.equal(reportBytes("128³"), 5);
  assert.equal(REPORT_BUDGET_BYTES, 5_000_000);
});

test("describeBytes, urlParameters and reportFileName", () => {
  assert.equal(describeBytes(1), "1 byte");
  assert.equal(describeBytes(999), "999 bytes");
  assert.equal(describeBytes(20_480), "20,480 bytes (20.5 kB)");
  assert.deepEqual(urlParameters("http://h/p?a=1&b=x+y&a=2"), [
    ["a", "1"],
    ["b", "x y"],
    ["a", "2"],
  ]);
  assert.equal(reportFileName("Segment | vessel-lab", "2025-03-04T10:20:30.123Z"), "vessel-lab-segment-2025-03-04T10-20-30.html");
  assert.equal(reportFileName("Grow a tree!", "2025-03-04T10:20:30Z"), "vessel-lab-grow-a-tree-2025-03-04T10-20-30.html");
});

test("reportModelOf reads the card's name and training step; parseReportModels reads back what a page declares", () => {
  const card = JSON.parse(readFileSync("models/segmenter.json", "utf8"));
  const hash = createHash("sha256").update(readFileSync("models/segmenter.onnx")).digest("hex");
  const model = reportModelOf("segmenter", card, hash);
  assert.deepEqual(model, { role: "segmenter", name: card.name, step: card.training.train_step, sha256: hash });
  assert.deepEqual(reportModelOf("decoder", { name: "", training: null }, "not a hash"), { role: "decoder", name: "the decoder", step: null, sha256: null });
  assert.deepEqual(parseReportModels(JSON.stringify(model)), [model]);
  assert.deepEqual(parseReportModels(JSON.stringify([model, { role: "reconstructor", name: "r" }])), [
    model,
    { role: "reconstructor", name: "r", step: null, sha256: null },
  ]);
  assert.throws(() => parseReportModels("{role: segmenter"), /data-report-model must be JSON/);
  assert.throws(() => parseReportModels('[{"name": "x"}]'), /data-report-model\[0\] must have a role and a name/);
});

test("reportHtml draws a colour key as swatches with their texts, and refuses a colour it cannot vouch for", () => {
  const items = [
    { colour: "rgb(102, 140, 255)", text: "true positive <found>" },
    { colour: "#d8463c", text: "false positive" },
  ];
  const html = reportHtml(description({ blocks: [{ kind: "legend", items }] }));
  assert.ok(
    html.includes(
      '<p class="vl-legend"><span><span class="vl-swatch" style="background:rgb(102, 140, 255)"></span>true positive &lt;found&gt;</span> <span><span class="vl-swatch" style="background:#d8463c"></span>false positive</span></p>',
    ),
  );
  for (const colour of ["red;background-image:url(http://x)", "url(x)", "rgb(1,2)"])
    assert.throws(() => reportHtml(description({ blocks: [{ kind: "legend", items: [{ colour, text: "x" }] }] })), /items\[0\]\.colour must be a colour/);
});
