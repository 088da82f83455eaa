/**
 * A button that makes a file on click (bytes are built only when asked) and saves it.
 * Errors while building it are shown next to the button, not swallowed.
 */
export function downloadButton(label: string, filename: string, make: () => Uint8Array | string | Promise<Uint8Array | string>, { type = "application/octet-stream" } = {}): HTMLElement {
  const wrap = document.createElement("span");
  wrap.className = "vl-download";
  const button = document.createElement("button");
  button.textContent = label;
  button.type = "button";
  const status = document.createElement("small");
  status.style.marginLeft = "6px";
  button.onclick = async () => {
    button.disabled = true;
    status.textContent = "";
    try {
      const data = await make();
      const blob = new Blob([data as BlobPart], { type });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      status.textContent = `Could not make ${filename}: ${(error as Error).message}`;
    } finally {
      button.disabled = false;
    }
  };
  wrap.append(button, status);
  wrap.style.marginRight = "8px";
  return wrap;
}
