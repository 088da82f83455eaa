/**
 * SHA-256 of bytes as 64 lower-case hex digits, through Web Crypto (crypto.subtle: the browser, its workers and Node
 * 20+ alike). The report names an uploaded file by its name, size and this hash instead of its content.
 */
export async function sha256Hex(bytes: ArrayBuffer | ArrayBufferView): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error("sha256Hex needs Web Crypto (crypto.subtle), which this page does not offer: open it over https or from 127.0.0.1");
  const view = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  const digest = new Uint8Array(await subtle.digest("SHA-256", view as Uint8Array<ArrayBuffer>));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** Whether `text` is a SHA-256 as sha256Hex writes it. */
export function isSha256Hex(text: unknown): text is string {
  return typeof text === "string" && /^[0-9a-f]{64}$/.test(text);
}
