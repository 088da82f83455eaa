/**
 * A DICOM Part 10 file's meta header (group 2), read to where it ends. dicom-parser 1.8.21's readPart10Header finds the
 * end by reading each element whole before looking at its group, so the bytes after the header are read as an element
 * first: a deflated data set whose first bytes look like an SQ element (about one file in fifteen of pydicom's) fails
 * there. Here each tag's group is looked at before its value is read, as pydicom reads it; the group length
 * (0002,0000) is not trusted, as readers do not.
 */
import dicomParser from "dicom-parser";

/** The value representations whose length is 4 bytes after 2 reserved ones in explicit VR (PS3.5 7.1.2). */
const LONG_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);

const TRANSFER_SYNTAX = "x00020010";

/**
 * Where a Part 10 file's meta header ends: after its last element of group 2 (explicit VR little endian, as Part 10
 * writes it). null where the bytes end first or an element has no length.
 */
export function metaHeaderEnd(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 132;
  while (at + 8 <= bytes.length) {
    if (view.getUint16(at, true) !== 2) return at; // the data set begins
    const vr = String.fromCharCode(bytes[at + 4], bytes[at + 5]);
    if (!LONG_VRS.has(vr)) {
      at += 8 + view.getUint16(at + 6, true);
      continue;
    }
    if (at + 12 > bytes.length) return null;
    const length = view.getUint32(at + 8, true);
    if (length === 0xffffffff) return null;
    at += 12 + length;
  }
  return at === bytes.length ? at : null; // a file of its meta header alone, or cut inside it
}

/**
 * The meta header of a Part 10 file (its first bytes will do), where it ends, and its TransferSyntaxUID and that
 * element; null where it cannot be read to its end (then dicom-parser's own reading names the problem).
 */
export function readMetaHeader(bytes: Uint8Array): { end: number; syntax: string; syntaxElement?: dicomParser.Element } | null {
  const end = metaHeaderEnd(bytes);
  if (end === null) return null;
  try {
    const meta = dicomParser.readPart10Header(bytes.subarray(0, end));
    return { end, syntax: (meta.string(TRANSFER_SYNTAX) ?? "").replace(/\0/g, "").trim(), syntaxElement: meta.elements[TRANSFER_SYNTAX] };
  } catch {
    return null;
  }
}
