/** Messages between a page and the engine worker. */
export interface CallMessage {
  type: "call";
  id: number;
  op: string;
  args: unknown[];
}
export interface CancelMessage {
  type: "cancel";
  id: number;
}
export type ToWorker = CallMessage | CancelMessage;

export interface ResultMessage {
  type: "result";
  id: number;
  value: unknown;
}
export interface ErrorMessage {
  type: "error";
  id: number;
  name: string;
  message: string;
}
export interface ProgressMessage {
  type: "progress";
  id: number;
  done: number;
  total: number;
  note?: string;
}
export type FromWorker = ResultMessage | ErrorMessage | ProgressMessage;

/** What an operation gets besides its arguments. */
export interface OpContext {
  progress(done: number, total: number, note?: string): void;
  /** True once the caller cancelled; long loops check it between steps. */
  readonly cancelled: boolean;
  /** Aborted when the caller cancels: pass it to code that takes an AbortSignal. */
  readonly signal: AbortSignal;
}

export class CancelledError extends Error {
  override name = "CancelledError";
  constructor(message = "cancelled") {
    super(message);
  }
}

/** Every ArrayBuffer inside a value (typed arrays of Volumes), to transfer instead of copy. */
export function transferables(value: unknown, out: Set<ArrayBuffer> = new Set(), depth = 0): ArrayBuffer[] {
  if (depth > 6 || value === null || typeof value !== "object") return [...out];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (value instanceof ArrayBuffer) out.add(value);
  else for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, out, depth + 1);
  return [...out];
}
