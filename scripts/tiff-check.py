#!/usr/bin/python3
"""Cross-checks vessel-lab's TIFF stacks against tifffile and Pillow (the reference Python writers and readers).
Used by test/volume/tiff.test.ts.

  /usr/bin/python3 scripts/tiff-check.py write DIR   # writes reference stacks into DIR, prints them as JSON
  /usr/bin/python3 scripts/tiff-check.py read FILE   # prints what tifffile reads from FILE, as JSON

Needs tifffile and Pillow (Debian: apt-get install -y python3-tifffile python3-pil). Voxels are reported x fastest
(Fortran order of an x, y, z array), like a Volume; tifffile's arrays are z, y, x.
"""
import json
import os
import sys

import numpy as np

try:
    import tifffile
    from PIL import Image
except ImportError as error:
    sys.stderr.write(f"{error}: install it with apt-get install -y python3-tifffile python3-pil\n")
    sys.exit(3)

ZYX = (5, 6, 7)


def ramp(dtype, shape=ZYX, scale=37, offset=0):
    """Values that differ from voxel to voxel and cover the type's range (wrapping), negative where signed."""
    n = np.arange(np.prod(shape), dtype=np.int64).reshape(shape)
    values = (n * scale) % 50021 + offset
    return values.astype(dtype)


def xyz_values(zyx):
    """A z, y, x array's voxels x fastest (as a Volume holds them)."""
    return zyx.ravel(order="C").tolist()


def write(folder):
    made = []

    def record(name, zyx, spacing=None, origin=None, spacing_from=None, refused=None, skipped=0):
        made.append(
            {
                "name": name,
                "dims": list(zyx.shape[::-1]) if zyx is not None else None,
                "dtype": str(zyx.dtype) if zyx is not None else None,
                "values": xyz_values(zyx) if zyx is not None and refused is None else None,
                "spacing": spacing,
                "spacingFrom": spacing_from,
                "refused": refused,
                "skipped": skipped,
            }
        )

    path = lambda name: os.path.join(folder, name)

    a = ramp(np.uint16)
    tifffile.imwrite(path("imagej-um.tif"), a, imagej=True, resolution=(1 / 0.5, 1 / 0.25), metadata={"spacing": 2.0, "unit": "um", "axes": "ZYX"})
    record("imagej-um.tif", a, [0.0005, 0.00025, 0.002], spacing_from="ImageJ")

    f = ramp(np.float32, offset=-20000) / np.float32(3)
    tifffile.imwrite(path("imagej-float-mm.tif"), f, imagej=True, resolution=(1 / 0.8, 1 / 0.8), metadata={"spacing": 1.5, "unit": "mm", "axes": "ZYX"})
    record("imagej-float-mm.tif", f, [0.8, 0.8, 1.5], spacing_from="ImageJ")

    tifffile.imwrite(
        path("ome-zlib.ome.tif"),
        a,
        ome=True,
        compression="zlib",
        metadata={"axes": "ZYX", "PhysicalSizeX": 250, "PhysicalSizeXUnit": "nm", "PhysicalSizeY": 0.5, "PhysicalSizeZ": 0.002, "PhysicalSizeZUnit": "mm"},
    )
    record("ome-zlib.ome.tif", a, [0.00025, 0.0005, 0.002], spacing_from="OME-XML")

    be = ramp(np.float32, offset=-25000) * np.float32(0.25)
    tifffile.imwrite(path("big-endian-float.tif"), be.astype(">f4"), byteorder=">")
    record("big-endian-float.tif", be, [1, 1, 1])

    s = ramp(np.int16, shape=(3, 20, 33), offset=-25000)
    tifffile.imwrite(path("bigtiff-tiled-int16.tif"), s, bigtiff=True, tile=(16, 16), photometric="minisblack")  # not 3 colour planes
    record("bigtiff-tiled-int16.tif", s, [1, 1, 1])

    b = ramp(np.uint8)
    tifffile.imwrite(path("resolution-cm.tif"), b, resolution=(100, 200), resolutionunit="CENTIMETER")
    record("resolution-cm.tif", b, [0.1, 0.05, 0.1], spacing_from="resolution tags")

    tifffile.imwrite(path("zlib-predictor.tif"), a, compression="zlib", predictor=True)  # horizontal differencing
    record("zlib-predictor.tif", a, [1, 1, 1])
    wide = [Image.fromarray(p) for p in a]  # 16-bit pages ("I;16"), LZW by libtiff
    wide[0].save(path("pillow-lzw-uint16.tif"), save_all=True, append_images=wide[1:], compression="tiff_lzw")
    record("pillow-lzw-uint16.tif", a, [1, 1, 1])

    # large enough for LZW's codes to grow to 12 bits and its table to be cleared, many times over
    noise = np.random.default_rng(5).integers(0, 40, size=(3, 200, 300)).astype(np.uint8)
    big = [Image.fromarray(p) for p in noise]
    big[0].save(path("pillow-lzw-large.tif"), save_all=True, append_images=big[1:], compression="tiff_lzw")
    record("pillow-lzw-large.tif", noise, [1, 1, 1])

    pages = [Image.fromarray(p) for p in b]
    pages[0].save(path("pillow-lzw.tif"), save_all=True, append_images=pages[1:], compression="tiff_lzw")
    record("pillow-lzw.tif", b, [1, 1, 1])
    pages[0].save(path("pillow-packbits.tif"), save_all=True, append_images=pages[1:], compression="packbits")
    record("pillow-packbits.tif", b, [1, 1, 1])

    # three full pages, then a reduced-resolution one (NewSubfileType 1), as a pyramid or a thumbnail is stored
    with tifffile.TiffWriter(path("with-thumbnail.tif")) as tif:
        for page in a[:3]:
            tif.write(page, contiguous=False)
        tif.write(a[0, ::2, ::2], subfiletype=1)
    record("with-thumbnail.tif", a[:3], [1, 1, 1], skipped=1)

    # OME's units in UTF-8 (µm is two bytes), PhysicalSizeZ missing: z taken as x's, and said so
    tifffile.imwrite(
        path("ome-um-no-z.ome.tif"),
        a,
        ome=True,
        metadata={"axes": "ZYX", "PhysicalSizeX": 0.5, "PhysicalSizeXUnit": "µm", "PhysicalSizeY": 0.25, "PhysicalSizeYUnit": "µm"},
    )
    record("ome-um-no-z.ome.tif", a, [0.0005, 0.00025, 0.0005], spacing_from="OME-XML")
    # ImageJ with resolution in pixels per centimetre and unit µm: ImageJ's FileOpener takes the centimetres
    tifffile.imwrite(path("imagej-cm.tif"), a, imagej=True, resolution=(2e4, 2e4), resolutionunit="CENTIMETER", metadata={"spacing": 3, "unit": "um", "axes": "ZYX"})
    record("imagej-cm.tif", a, [0.0005, 0.0005, 0.003], spacing_from="ImageJ")
    # ImageJ reads 1 / resolution in the description's unit whatever the ResolutionUnit, but for "um" with centimetres
    # and for 72 dpi (a default, taken as 1): as its TiffDecoder and FileOpener do
    tifffile.imwrite(path("imagej-cm-mm.tif"), a, imagej=True, resolution=(4, 4), resolutionunit="CENTIMETER", metadata={"spacing": 2, "unit": "mm", "axes": "ZYX"})
    record("imagej-cm-mm.tif", a, [0.25, 0.25, 2], spacing_from="ImageJ")
    tifffile.imwrite(path("imagej-cm-micron.tif"), a, imagej=True, resolution=(4, 4), resolutionunit="CENTIMETER", metadata={"spacing": 2, "unit": "micron", "axes": "ZYX"})
    record("imagej-cm-micron.tif", a, [0.00025, 0.00025, 0.002], spacing_from="ImageJ")
    tifffile.imwrite(path("imagej-72dpi.tif"), a, imagej=True, resolution=(72, 72), resolutionunit="INCH", metadata={"spacing": 1.5, "unit": "mm", "axes": "ZYX"})
    record("imagej-72dpi.tif", a, [1, 1, 1.5], spacing_from="ImageJ")
    # uncalibrated ImageJ (pixel units) with a z step: the voxels' shape is kept, 1 mm per pixel
    tifffile.imwrite(path("imagej-pixels.tif"), a, imagej=True, metadata={"spacing": 2.5, "axes": "ZYX"})
    record("imagej-pixels.tif", a, [1, 1, 2.5], spacing_from="ImageJ")

    # what is refused, and the words the refusal must use
    tifffile.imwrite(path("white-is-zero.tif"), a, photometric="miniswhite")
    record("white-is-zero.tif", None, refused="white-is-zero")
    Image.fromarray(b[0]).save(path("jpeg.tif"), compression="jpeg")
    record("jpeg.tif", None, refused="JPEG compression")
    Image.fromarray(np.zeros((6, 7, 3), np.uint8)).save(path("rgb.tif"))
    record("rgb.tif", None, refused="3 samples per pixel")
    tifffile.imwrite(path("imagej-channels.tif"), a[:2], imagej=True, metadata={"axes": "CYX"})
    record("imagej-channels.tif", None, refused="2 channels")
    tifffile.imwrite(path("imagej-frames.tif"), a, imagej=True, metadata={"axes": "TYX"})
    record("imagej-frames.tif", None, refused="5 time points")
    tifffile.imwrite(path("ome-channels.ome.tif"), np.stack([a, a]), ome=True, metadata={"axes": "CZYX"})
    record("ome-channels.ome.tif", None, refused="2 channels")
    with tifffile.TiffWriter(path("mixed-sizes.tif")) as tif:
        tif.write(a[0], contiguous=False)
        tif.write(a[0, :4, :5], contiguous=False)
    record("mixed-sizes.tif", None, refused="page 2 is 5×4")
    tifffile.imwrite(path("uint64.tif"), a.astype(np.uint64))
    record("uint64.tif", None, refused="64-bit unsigned")
    return made


def read(file):
    with tifffile.TiffFile(file) as tif:
        page = tif.pages[0]
        zyx = tif.asarray().reshape(len(tif.pages), page.imagelength, page.imagewidth)  # tifffile squeezes length-1 axes
        return {
            "dims": list(zyx.shape[::-1]),
            "dtype": str(zyx.dtype),
            "values": xyz_values(zyx),
            "pages": len(tif.pages),
            "imagej": {k: v for k, v in (tif.imagej_metadata or {}).items() if isinstance(v, (int, float, str, bool))},
            "xResolution": list(page.tags["XResolution"].value),
            "yResolution": list(page.tags["YResolution"].value),
            "compression": int(page.compression),
            "byteorder": tif.byteorder,
        }


if __name__ == "__main__":
    mode, arg = sys.argv[1], sys.argv[2]
    print(json.dumps(write(arg) if mode == "write" else read(arg)))
