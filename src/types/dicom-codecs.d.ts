// jpeg-lossless-decoder-js (src/volume/dicomCodecs.ts) ships JavaScript without type declarations: the parts used.

declare module "jpeg-lossless-decoder-js" {
  /** A lossless JPEG (process 14) decoder: decompress returns the pixels, numBytes each (Uint8Array's or Uint16Array's buffer). */
  export class Decoder {
    numComp: number;
    xDim: number;
    yDim: number;
    numBytes: number;
    decompress(buffer: ArrayBuffer, offset: number, length: number): ArrayBuffer;
  }
}
