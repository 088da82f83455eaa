// Minimal types for the parts of @observablehq/inputs the engine uses (the package ships none).
declare module "@observablehq/inputs" {
  type Input<T> = HTMLElement & { value: T };
  interface Common {
    label?: string;
    title?: string;
    disabled?: boolean;
    width?: number;
  }
  export function range(
    extent: [number, number],
    options?: Common & {
      value?: number;
      step?: number;
      transform?: (x: number) => number;
      invert?: (x: number) => number;
      format?: (x: number) => string;
      placeholder?: string;
    },
  ): Input<number>;
  export function select<T>(options: readonly T[], opts?: Common & { value?: unknown; format?: (x: T) => string; multiple?: boolean }): Input<T>;
  export function toggle(options?: Common & { value?: boolean }): Input<boolean>;
  export function button<T>(content: string | Array<[string, (value: T) => T]>, options?: Common & { value?: T; reduce?: (value: T) => T }): Input<T>;
  export function radio<T>(options: readonly T[], opts?: Common & { value?: T; format?: (x: T) => string }): Input<T>;
  export function number(extent?: [number, number], options?: Common & { value?: number; step?: number }): Input<number>;
  export function text(options?: Common & { value?: string; placeholder?: string }): Input<string>;
  export function checkbox<T>(options: readonly T[], opts?: Common & { value?: T[]; format?: (x: T) => string }): Input<T[]>;
  export function file(options?: Common & { accept?: string; multiple?: boolean; required?: boolean }): Input<File | null>;
  export function form<T>(inputs: Record<string, HTMLElement>, options?: Common): Input<T>;
}
