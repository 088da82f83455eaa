// htl's tagged templates for pages. Pages import them from here: a bare `import "htl"` in a
// Framework page is left unresolved (Framework treats htl as an implicit CDN import), while
// a local module's bare imports are bundled from node_modules.
export { html, svg } from "htl";
