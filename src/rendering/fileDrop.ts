/**
 * A file picker that also takes a file dropped on it: an Observable-style input whose `value` is the chosen File (or
 * null) and which fires "input" when it changes. With `multiple`, several files may be chosen or dropped together (the
 * files of a DICOM series): `value` is then the array of them, a single file still a File; and a folder may be dropped
 * or chosen ("Choose a folder"), which gives every file in it and in its subfolders, as a PACS or CD export holds a
 * series (often in files without an extension, which a file dialog's filter hides). File names are set as text, never
 * parsed as HTML. `purpose` is what a page's report says the file was for.
 */
import { formatSize } from "../volume/index.js";
import { REPORT_FILE_ATTRIBUTE } from "./pageReport.js";

export function fileDrop({
  label = "Drop a scan file here (NIfTI, MetaImage, NRRD or TIFF), or choose one",
  accept = ".nii,.nii.gz,.gz,.mha,.nrrd,.tif,.tiff",
  purpose = "a file",
  multiple = false,
}: { label?: string; accept?: string; purpose?: string; multiple?: boolean } = {}): HTMLElement & { value: File | File[] | null } {
  const root = document.createElement("div") as unknown as HTMLElement & { value: File | File[] | null };
  root.className = "vl-drop";
  // a page's report names the chosen file (name, size, SHA-256), never its content (src/rendering/pageReport.ts)
  root.setAttribute(REPORT_FILE_ATTRIBUTE, purpose);
  root.style.cssText = "border:2px dashed var(--theme-foreground-faint,#999);border-radius:8px;padding:14px;text-align:center;cursor:pointer";
  const text = document.createElement("div");
  text.textContent = label;
  const input = document.createElement("input");
  input.type = "file";
  input.accept = accept;
  input.multiple = multiple;
  input.style.marginTop = "6px";
  const chosen = document.createElement("small");
  chosen.style.display = "block";
  root.append(text, input);
  if (multiple) {
    // a folder: every file under it (the browser lists them; nothing leaves the machine)
    const folderInput = document.createElement("input");
    folderInput.type = "file";
    folderInput.webkitdirectory = true;
    folderInput.hidden = true;
    const folderButton = document.createElement("button");
    folderButton.type = "button";
    folderButton.textContent = "Choose a folder";
    folderButton.style.marginLeft = "6px";
    folderButton.addEventListener("click", (e) => {
      e.stopPropagation();
      folderInput.click();
    });
    folderInput.addEventListener("change", (e) => {
      e.stopPropagation();
      const files = [...(folderInput.files ?? [])];
      const name = files[0]?.webkitRelativePath.split("/")[0] ?? "the folder";
      if (files.length) choose(files, `folder ${name}: `);
      folderInput.value = ""; // the same folder chosen again is a new choice
    });
    folderInput.addEventListener("input", (e) => e.stopPropagation());
    root.append(folderButton, folderInput);
  }
  root.append(chosen);
  root.value = null;
  let drops = 0;
  const choose = (files: File[], from = "") => {
    const kept = multiple ? files : files.slice(0, 1);
    root.value = kept.length === 0 ? null : kept.length === 1 ? kept[0] : kept;
    const bytes = kept.reduce((n, f) => n + f.size, 0);
    chosen.textContent =
      kept.length === 0 ? "" : from + (kept.length === 1 ? `${kept[0].name} (${formatSize(bytes)})` : `${kept.length} files (${formatSize(bytes)})`);
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  input.addEventListener("change", (e) => {
    e.stopPropagation();
    choose([...(input.files ?? [])]);
    input.value = ""; // the same files chosen again (after a cancelled read) are a new choice
  });
  input.addEventListener("input", (e) => e.stopPropagation());
  root.addEventListener("dragover", (e) => {
    e.preventDefault();
    root.style.background = "var(--theme-background-alt,#eee)";
  });
  root.addEventListener("dragleave", () => (root.style.background = ""));
  root.addEventListener("drop", (e) => {
    e.preventDefault();
    root.style.background = "";
    // a dropped folder comes as a File that cannot be read: its entry is walked instead (entries are only to be had
    // during the drop event, so they are taken now and read after)
    const entries = [...(e.dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.() ?? null);
    const folder = entries.find((entry) => entry?.isDirectory);
    if (folder && !multiple) {
      chosen.textContent = `${folder.name} is a folder: drop the file itself (what was chosen before is kept)`;
      return;
    }
    if (folder) {
      const drop = ++drops; // a later drop wins, however long this folder takes to list
      const what = entries.length === 1 ? `folder ${folder.name}` : `${entries.length} items`;
      chosen.textContent = `reading the ${what}…`;
      filesOfEntries(entries.filter((entry): entry is FileSystemEntry => entry !== null)).then(
        (files) => {
          if (drop !== drops) return;
          if (files.length) choose(files, `${what}: `);
          else chosen.textContent = `the ${what} holds no files: drop the folder that holds the series' files`;
        },
        (error: Error) => {
          if (drop === drops) chosen.textContent = `the ${what} could not be read (${error?.message ?? error}): choose its files with the picker`;
        },
      );
      return;
    }
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) {
      drops++; // a folder still being listed does not replace these
      choose(files);
    }
  });
  return root;
}

/**
 * Every file under dropped entries, folders walked to the bottom (a directory reader gives its entries in batches until
 * an empty one), each named by its path in the drop ("exam/DICOM/S1/I0000001": a folder's files often share names).
 */
export async function filesOfEntries(entries: readonly FileSystemEntry[]): Promise<File[]> {
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      const path = entry.fullPath?.replace(/^\//, "");
      files.push(path && path !== file.name ? new File([file], path, { type: file.type, lastModified: file.lastModified }) : file);
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}
