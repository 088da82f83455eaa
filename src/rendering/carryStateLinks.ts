/**
 * The sidebar's and the footer's links carry the page's state. Framework renders them as static HTML (`./voxelise`),
 * and a page's state changes as its inputs do (each page keeps it in its URL with history.replaceState, which fires no
 * event), so a link's href is rewritten from the URL when it is about to be used: when the pointer is over it or
 * presses it, when it takes the focus, on a click (before the browser follows it) and on a context menu ("copy link").
 * The query itself is src/lab's carriedSearch. Loaded on every page from the config's head (notebooks/carryState.js).
 */
import { carriedSearch, pageOfPath } from "../lab/index.js";

export const CARRY_SELECTOR = "#observablehq-sidebar a[href], #observablehq-footer a[href]";
const EVENTS = ["pointerover", "pointerdown", "focusin", "click", "contextmenu"] as const;

/** Sets `a`'s href to its page with the state of the page `doc` shows; links to other sites or unknown pages are left. */
export function carryLink(a: HTMLAnchorElement, doc: Document = document): void {
  const from = pageOfPath(doc.location.pathname);
  // the static href, kept on the first rewrite so that each rewrite starts from it
  const base = a.dataset.staticHref ?? (a.dataset.staticHref = a.getAttribute("href") ?? "");
  const url = new URL(base, doc.location.href);
  const to = url.origin === doc.location.origin ? pageOfPath(url.pathname) : null;
  if (from === null || to === null) return;
  const search = carriedSearch(from, to, doc.location.search).toString();
  a.setAttribute("href", `${base.split(/[?#]/)[0]}${search ? `?${search}` : ""}${url.hash}`);
}

/** Rewrites the sidebar's and footer's links now and whenever one is about to be used; returns the disposer. */
export function carryStateLinks(doc: Document = document): () => void {
  const update = (event: Event) => {
    const a = (event.target as Element | null)?.closest?.(CARRY_SELECTOR);
    if (a) carryLink(a as HTMLAnchorElement, doc);
  };
  for (const a of doc.querySelectorAll<HTMLAnchorElement>(CARRY_SELECTOR)) carryLink(a, doc);
  for (const type of EVENTS) doc.addEventListener(type, update, true);
  return () => {
    for (const type of EVENTS) doc.removeEventListener(type, update, true);
  };
}
