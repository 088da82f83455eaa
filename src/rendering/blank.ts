/**
 * Nothing, to display. Framework clears what a cell showed only when the cell displays again: a rerun that displays
 * nothing leaves its old output on the page (observablehq/notebook-kit#43), so the views of a volume that is gone
 * stayed beside the status of the one that replaced it. A cell whose output is conditional displays blank() first.
 */
export function blank(): DocumentFragment {
  return document.createDocumentFragment();
}
