/**
 * Every page's "Report" and "Copy link" buttons, under its title (loaded from the config's head:
 * notebooks/report.js). Report saves the page as one self-contained HTML file (pageReport); Copy link puts the page's
 * address, which holds its state, on the clipboard, and where the browser refuses that, shows the link selected for
 * the user to copy. Each says what it did in a status line beside it.
 */
import { describeBytes } from "../lab/index.js";
import { saveFile } from "./downloadButton.js";
import { REPORT_SKIP_ATTRIBUTE, pageReport } from "./pageReport.js";

export const REPORT_BAR_ID = "vl-report-bar";

/** Adds the buttons to the page `doc` shows (once; a second call returns the bar already there). */
export function reportControls(doc: Document = document): HTMLElement | null {
  const existing = doc.getElementById(REPORT_BAR_ID);
  if (existing) return existing;
  const main = doc.querySelector("#observablehq-main") ?? doc.querySelector("main");
  if (!main) return null;
  const bar = doc.createElement("div");
  bar.id = REPORT_BAR_ID;
  bar.className = "vl-report-bar";
  bar.setAttribute(REPORT_SKIP_ATTRIBUTE, "");
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", "Share this page");
  const button = (text: string, title: string) => {
    const b = doc.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.title = title;
    return b;
  };
  const report = button(
    "Report",
    "Save this page as one HTML file that opens without a network: its link, settings, models, numbers and figures (a file of yours by name, size and SHA-256, not its content)",
  );
  report.id = "report-button";
  const copy = button("Copy link", "Copy this page's address: it holds the page's settings, so it opens the page as it is now");
  copy.id = "copy-link";
  const status = doc.createElement("span");
  status.id = "report-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const linkBox = doc.createElement("input");
  linkBox.id = "report-link";
  linkBox.type = "text";
  linkBox.readOnly = true;
  linkBox.hidden = true;
  linkBox.setAttribute("aria-label", "This page's link");
  bar.append(report, copy, status, linkBox);
  const say = (text: string, error = false) => {
    status.textContent = text;
    status.className = error ? "vl-error" : "vl-note";
  };

  report.addEventListener("click", async () => {
    report.disabled = true;
    say("Making the report…");
    try {
      const made = await pageReport(doc);
      saveFile(made.html, made.fileName, { type: "text/html", doc });
      say(`Saved ${made.fileName} (${describeBytes(made.bytes)}).`);
    } catch (error) {
      say(`The report could not be made: ${(error as Error).message}`, true);
    } finally {
      report.disabled = false;
    }
  });

  copy.addEventListener("click", async () => {
    const url = doc.location.href;
    try {
      const clipboard = doc.defaultView?.navigator.clipboard;
      if (!clipboard) throw new Error("this page has no clipboard access (it needs https or 127.0.0.1)");
      await clipboard.writeText(url);
      linkBox.hidden = true;
      say("Link copied: it opens this page as it is now.");
    } catch {
      linkBox.value = url;
      linkBox.size = Math.min(60, Math.max(20, url.length));
      linkBox.hidden = false;
      linkBox.focus();
      linkBox.select();
      say("The browser did not let the page copy. The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    }
  });

  const title = main.querySelector(":scope > h1");
  if (title) title.after(bar);
  else main.prepend(bar);
  return bar;
}
