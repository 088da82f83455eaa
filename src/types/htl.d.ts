// Types for htl 0.3 (pinned: htl 1.x ships import-only "exports", which Framework 1.13 cannot resolve).
declare module "htl" {
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
  export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement;
}
