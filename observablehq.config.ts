// Observable Framework configuration. The site builds offline: pages import from
// node_modules by bare name and reach src/ and models/ through the symlinks notebooks/lib
// and notebooks/models (see README, "How the site is built").
export default {
  root: "notebooks",
  output: "dist",
  title: "vessel-lab",
  // No remote font stylesheet: the lab must build and run with no network.
  globalStylesheets: [],
  style: "style.css",
  // carryState.js: the sidebar's and footer's links carry the page's tree and imaging parameters (src/lab/carryState.ts).
  // report.js: every page's "Report" (a self-contained HTML file of the page) and "Copy link" buttons (src/lab/report.ts).
  head: '<link rel="icon" href="favicon.svg" type="image/svg+xml"><script type="module" src="/carryState.js"></script><script type="module" src="/report.js"></script>',
  pages: (
    [
      { name: "Grow", path: "/grow" },
      { name: "Voxelise", path: "/voxelise" },
      { name: "Synthesise", path: "/synthesise" },
      { name: "Fit", path: "/fit" },
      { name: "Segment", path: "/segment" },
      { name: "Evaluate", path: "/evaluate" },
      { name: "Reconstruct", path: "/reconstruct" },
      { name: "Lesson", path: "/lesson" },
      // reports: pages whose numbers and figures data loaders compute at build time (README, "Reports")
      { name: "Reports", pages: [{ name: "Does simulation alone segment real vessels?", path: "/reports/sim-to-real" }] },
    ] as { name: string; path?: string; pages?: { name: string; path: string }[] }[]
  )
    .map((p) => (p.pages ? { ...p, pages: p.pages.filter((q) => pageExists(q.path)) } : p))
    .filter((p) => (p.pages ? p.pages.length > 0 : pageExists(p.path!))),
  // the models' READMEs link each other as GitHub does (`train/README.md`); the site serves them without `.md`
  markdownIt: (md: MarkdownIt) => md.use(siteLinks),
  pager: true,
  search: false,
  footer: "vessel-lab: vessel segmentation learned from simulation alone.",
};

import { existsSync } from "node:fs";
function pageExists(path: string): boolean {
  return existsSync(new URL(`./notebooks${path}.md`, import.meta.url));
}

/** Minimal markdown-it surface the link rewrite needs (markdown-it comes with Framework). */
interface MarkdownIt {
  use(plugin: (md: MarkdownIt) => void): MarkdownIt;
  core: { ruler: { push(name: string, rule: (state: { tokens: LinkToken[] }) => void): void } };
}
interface LinkToken {
  type: string;
  children: LinkToken[] | null;
  attrGet(name: string): string | null;
  attrSet(name: string, value: string): void;
}

/**
 * A link to another Markdown file of the project, relative and ending in `.md` (with or without an anchor), as the
 * site serves that page: without the extension. Other links are left as they are.
 */
export function siteHref(href: string): string {
  if (/^[a-z][a-z\d+.-]*:|^\/\/|^#/i.test(href)) return href;
  return href.replace(/\.md(#[^?]*)?$/i, (_m, anchor: string | undefined) => anchor ?? "");
}

export function siteLinks(md: MarkdownIt): void {
  md.core.ruler.push("vessel-lab-site-links", (state) => {
    for (const token of state.tokens)
      for (const child of token.children ?? []) {
        const href = child.type === "link_open" ? child.attrGet("href") : null;
        if (href) child.attrSet("href", siteHref(href));
      }
  });
}
