/**
 * A button that makes a file on click (bytes are built only when asked) and saves it.
 * Errors while building it are shown next to the button, not swallowed.
 */
/** Saves `data` as a file named `filename` through the browser's download (a transient link in `doc`). */
export function saveFile(
  data: Uint8Array | string,
  filename: string,
  { type = "application/octet-stream", doc = document }: { type?: string; doc?: Document } = {},
): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = doc.createElement("a");
  a.href = url;
  a.download = filename;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadButton(
  label: string,
  filename: string,
  make: () => Uint8Array | string | Promise<Uint8Array | string>,
  { type = "application/octet-stream" } = {},
): HTMLElement {
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
      saveFile(data, filename, { type });
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
