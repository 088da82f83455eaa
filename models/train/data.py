"""
Data for training: a folder written by `vessel-lab generate` (images/, labels/, manifest.jsonl).

Axis contract: volumes are used as arrays [z, y, x] (x fastest in memory): the flat buffer of a
NIfTI file or of the engine's Volume, read as [D, H, W] = [nz, ny, nx]. nibabel returns [x, y, z],
so `load_volume` transposes.

Normalisation contract (the same in training, adaptation, export checks and the Node/page
inference): per whole volume, lo = 0.5th and hi = 99.5th percentile of all finite voxels,
v' = clip((v - lo) / (hi - lo), 0, 1); a volume with hi <= lo becomes all zeros; non-finite
voxels become 0 after normalisation.

Masking for reconstruction: the patch is tiled by cubes of `mask_patch` voxels (grid offset at
random), `round(mask_ratio * cubes)` cubes are chosen; their voxels are set to 0 in the input and
only they count in the reconstruction loss.
"""
from __future__ import annotations

import glob
import hashlib
import json
import math
import os

import numpy as np
import torch
from torch.utils.data import Dataset, Sampler

from intensity import check_prob, intensity_augment
from structure import KINDS, check_kinds, record_structure

P_LOW, P_HIGH = 0.5, 99.5


# ---------- files ----------

def read_manifest(root: str) -> tuple[dict, list[dict]]:
    """The header and the sample records (index order) of a data set folder. Reads
    manifest.jsonl, or merges manifest-shard-*.jsonl when there is none. An unfinished last
    line (no newline: a killed run) is ignored; a later line for an index wins."""
    paths = [os.path.join(root, "manifest.jsonl")]
    if not os.path.exists(paths[0]):
        paths = sorted(glob.glob(os.path.join(root, "manifest-shard-*.jsonl")))
    if not paths:
        raise FileNotFoundError(f"--data {root}: no manifest.jsonl (or manifest-shard-*.jsonl); make one with `npx vessel-lab generate --out {root}`")
    header, samples = None, {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")[:-1]  # the part after the last newline is unfinished
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}, line {n}: not JSON ({e}); the manifest is damaged") from e
            if rec.get("kind") == "header":
                header = header or rec
            elif rec.get("kind") == "sample":
                samples[int(rec["index"])] = rec
            else:
                raise ValueError(f"{path}, line {n}: kind {rec.get('kind')!r}; expected header or sample")
    if header is None:
        raise ValueError(f"{paths[0]}: no header line")
    records = [samples[i] for i in sorted(samples)]
    for rec in records:
        for kind in ("image", "label"):
            if kind not in rec.get("files", {}):
                raise ValueError(f"{root}: sample {rec['index']} has no {kind} file in the manifest")
    return header, records


def read_manifests(roots: list[str]) -> tuple[list[dict], list[dict]]:
    """The headers and the sample records of several data set folders, trained on as one: each
    record keeps its own folder (``root``) and the indices of a later folder follow the earlier
    folders' (a folder's indices shifted by one more than the largest index before it), so the
    first folder's records, and so its held-out split, are those it has alone. Records are
    drawn uniformly, so each folder weighs in with its sample count."""
    if not roots:
        raise ValueError("--data: give at least one folder written by `vessel-lab generate`")
    if len(set(map(os.path.abspath, roots))) != len(roots):
        raise ValueError(f"--data {' '.join(roots)}: a folder is named twice; name each once")
    headers, records, offset = [], [], 0
    for root in roots:
        header, recs = read_manifest(root)
        convention = lambda h: (h.get("settings") or {}).get("labelConvention", "lumen")
        if headers and convention(header) != convention(headers[0]):
            raise ValueError(f"--data {root}: its labels follow the {convention(header)!r} convention and {roots[0]}'s the "
                             f"{convention(headers[0])!r}; train on folders made with the same --label-convention")
        headers.append(header)
        top = -1
        for rec in recs:
            top = max(top, int(rec["index"]))
            records.append({**rec, "index": int(rec["index"]) + offset, "root": root})
        offset += top + 1
    return headers, records


def folder_names(roots: list[str]) -> list[str]:
    """The last path part of each data folder: the name its held-out samples and validation Dice go by. Two folders
    of one name are refused (their samples would be counted as one set's)."""
    names = [os.path.basename(os.path.normpath(r)) for r in roots]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"two --data folders end in {', '.join(twice)} ({', '.join(roots)}): the same name would count them as "
                         f"one set; give folders different names")
    return names


def record_path(root: str, rec: dict, kind: str) -> str:
    """The file of a record's image or label: under the record's own folder (read_manifests),
    else under ``root``."""
    return os.path.join(rec.get("root", root), rec["files"][kind]["path"])


def load_volume(path: str, dtype=np.float32) -> np.ndarray:
    """A NIfTI volume as a C-contiguous [z, y, x] array (x fastest), scaled by scl_slope/inter."""
    try:
        import nibabel as nib
    except ImportError:  # a machine without nibabel (the GPU image): the single-file NIfTI-1 reader of nifti.py
        from nifti import load_nifti
        return load_nifti(path, dtype)

    data = np.asarray(nib.load(path).dataobj, dtype=dtype)
    if data.ndim == 4 and data.shape[3] == 1:
        data = data[..., 0]
    if data.ndim != 3:
        raise ValueError(f"{path}: shape {data.shape}; expected a 3D volume")
    return np.ascontiguousarray(data.transpose(2, 1, 0))


def nifti_names(folder: str, other: str) -> tuple[list[str], list[str]]:
    """The NIfTI file names in `folder` (sorted), and those of them `other` has no file of the same
    name for: how the scripts pair predictions, labels and images, like `vessel-lab evaluate --pred-dir --label-dir`."""
    names = sorted(n for n in os.listdir(folder) if n.endswith((".nii", ".nii.gz")))
    return names, [n for n in names if not os.path.exists(os.path.join(other, n))]


def normalise(image: np.ndarray, p_low: float = P_LOW, p_high: float = P_HIGH) -> np.ndarray:
    """The normalisation contract (module docstring): percentiles of the whole volume to [0, 1]."""
    image = np.asarray(image, dtype=np.float32)
    finite = np.isfinite(image)
    values = image[finite] if not finite.all() else image
    if values.size == 0:
        return np.zeros_like(image)
    lo, hi = np.percentile(values, [p_low, p_high])
    if not hi > lo:
        return np.zeros_like(image)
    out = (image - np.float32(lo)) / np.float32(hi - lo)
    out = np.clip(out, 0.0, 1.0)
    out[~finite] = 0.0
    return out.astype(np.float32, copy=False)


# ---------- masking ----------

def cube_mask(shape, mask_patch: int, mask_ratio: float, rng: np.random.Generator) -> np.ndarray:
    """float32 {0,1} mask of `shape`: a random-offset grid of mask_patch³ cubes, round(ratio·n) of them set."""
    if mask_patch < 1:
        raise ValueError(f"mask_patch = {mask_patch}; give a cube side of at least 1 voxel")
    if not 0.0 <= mask_ratio <= 1.0:
        raise ValueError(f"mask_ratio = {mask_ratio}; give a fraction in [0, 1]")
    offset = rng.integers(0, mask_patch, size=3)
    cells = [int(math.ceil((s + o) / mask_patch)) for s, o in zip(shape, offset)]
    n = int(np.prod(cells))
    chosen = np.zeros(n, dtype=np.float32)
    chosen[rng.permutation(n)[: int(round(mask_ratio * n))]] = 1.0
    grid = chosen.reshape(cells)
    for axis in range(3):
        grid = np.repeat(grid, mask_patch, axis=axis)
    o = offset
    return np.ascontiguousarray(grid[o[0]: o[0] + shape[0], o[1]: o[1] + shape[1], o[2]: o[2] + shape[2]])


def apply_mask(image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Masked voxels set to 0 (the value the reconstructor sees there)."""
    return image * (1.0 - mask)


# ---------- splitting and sampling ----------

def _unit_hash(seed: int, index: int) -> float:
    h = hashlib.sha256(f"vessel-lab/split {seed} {index}".encode()).digest()
    return int.from_bytes(h[:8], "little") / 2.0**64


def split_train_val(records: list[dict], val_fraction: float, seed: int) -> tuple[list[dict], list[dict]]:
    """Held out: each sample whose hash of (seed, sample index) is below val_fraction, so about val_fraction·n of
    them. A sample's side depends on its own index alone: a held-out sample stays held out, and a training sample in
    training, when the data set grows (more samples, another folder after it). (Until stop 50 the round(val_fraction·n)
    lowest hashes were held out; adding a folder whose samples drew low hashes then moved earlier folders' held-out
    samples into training: 5 of the 180 held out of runs/g33's five folders with wide64v cut to 1,200 when 1,200
    samples were added after them.) At least one sample is held out and one trained on when val_fraction > 0 and
    n >= 2: the lowest hash, or the highest, is moved across; only such a small set can change sides as it grows. A
    single sample is trained on."""
    if not 0.0 <= val_fraction < 1.0:
        raise ValueError(f"val_fraction = {val_fraction}; give a fraction in [0, 1)")
    if len(records) < 2:
        return list(records), []
    hashes = {r["index"]: _unit_hash(seed, r["index"]) for r in records}
    val_ids = {i for i, h in hashes.items() if h < val_fraction}
    if val_fraction > 0:
        ranked = sorted(hashes, key=hashes.get)
        if not val_ids:
            val_ids = {ranked[0]}
        elif len(val_ids) == len(records):
            val_ids.discard(ranked[-1])
    return _partition(records, val_ids)


def split_as_saved(records: list[dict], val: list[int]) -> tuple[list[dict], list[dict]]:
    """A run's own split (split.json's held-out indices) over the records as they are now: a resumed run keeps the
    samples it was validated on, whatever rule or data growth would pick today. Refuses when a held-out sample is
    gone (a folder lost samples); train.py checks the folders' names and order first."""
    held = set(int(i) for i in val)
    missing = held - {r["index"] for r in records}
    if missing:
        raise ValueError(f"{len(missing)} of the run's {len(held)} held-out samples (first index {min(missing)}) are not in "
                         f"these data folders; give the run's folders, in its order, with at least the samples it had")
    return _partition(records, held)


def _partition(records: list[dict], held: set[int]) -> tuple[list[dict], list[dict]]:
    """(training, held-out) records, each in the records' order."""
    return [r for r in records if r["index"] not in held], [r for r in records if r["index"] in held]


class StepSampler(Sampler):
    """Yields (position, k) for the global items k of steps start_step, start_step+1, ...:
    item k = (step·world + rank)·batch + j is sample perm_e[k mod n] of epoch e = k div n, where
    perm_e is a permutation seeded by (seed, e). It is the distributed sampler of this trainer
    (ranks take disjoint items of each step, like DistributedSampler), and it depends on the step
    alone, so a resumed run sees exactly the items an uninterrupted one would."""

    def __init__(self, n: int, batch: int, seed: int, start_step: int = 0, rank: int = 0, world: int = 1, steps: int | None = None):
        if n < 1:
            raise ValueError("no training samples; generate more or lower --val-fraction")
        self.n, self.batch, self.seed, self.start, self.rank, self.world, self.steps = n, batch, seed, start_step, rank, world, steps
        self._perm = (None, None)

    def perm(self, epoch: int) -> np.ndarray:
        if self._perm[0] != epoch:
            self._perm = (epoch, np.random.default_rng([self.seed, epoch, 7919]).permutation(self.n))
        return self._perm[1]

    def __iter__(self):
        step = self.start
        while self.steps is None or step < self.steps:
            for j in range(self.batch):
                k = (step * self.world + self.rank) * self.batch + j
                yield (int(self.perm(k // self.n)[k % self.n]), k)
            step += 1

    def __len__(self):
        return 0 if self.steps is None else max(0, self.steps - self.start) * self.batch


# ---------- datasets ----------

class TrainPatches(Dataset):
    """Random crops with flips (and axis permutations) and a reconstruction mask. Item (position, k)
    draws everything from an RNG seeded by (seed, k): the same k gives the same tensors anywhere. With `structure`,
    items also hold "structure": the sample's distractors and body shell (structure.py), cropped and flipped with it;
    `structure` may also name the kinds to map (a tuple of structure.KINDS: ("tubes",) maps the distractor tubes only).
    With `intensity` > 0, each patch's brightness is augmented after its crop and flips (intensity.py), each
    transform with that probability."""

    def __init__(self, root: str, records: list[dict], patch: int = 64, mask_patch: int = 8, mask_ratio: float = 0.5,
                 fg_prob: float = 0.33, permute: bool = True, seed: int = 0, zoom_max: float = 1.0, zoom_prob: float = 0.5,
                 structure: bool | tuple[str, ...] = False, intensity: float = 0.0):
        if patch < 4 or patch % 4:
            raise ValueError(f"patch = {patch}; give a multiple of the network stride 4")
        if not zoom_max >= 1:
            raise ValueError(f"zoom_max = {zoom_max}; give a factor >= 1 (1: no zoom)")
        if not 0 <= zoom_prob <= 1:
            raise ValueError(f"zoom_prob = {zoom_prob}; give a probability in [0, 1]")
        self.root, self.records, self.patch = root, records, patch
        self.mask_patch, self.mask_ratio, self.fg_prob, self.permute, self.seed = mask_patch, mask_ratio, fg_prob, permute, seed
        self.zoom_max, self.zoom_prob = zoom_max, zoom_prob
        self.intensity = check_prob(intensity)
        self.structure = KINDS if structure is True else check_kinds(structure, "structure") if structure else ()

    def __len__(self):
        return len(self.records)

    def load(self, pos: int) -> tuple[np.ndarray, np.ndarray]:
        rec = self.records[pos]
        image = normalise(load_volume(record_path(self.root, rec, "image")))
        label = load_volume(record_path(self.root, rec, "label"), np.uint8)
        if image.shape != label.shape:
            raise ValueError(f"sample {rec['index']}: image {image.shape} and label {label.shape} differ")
        return image, (label > 0).astype(np.float32)

    def __getitem__(self, item):
        pos, k = item
        rng = np.random.default_rng([self.seed, int(k), 104729])
        image, label = self.load(pos)
        if self.structure:
            label = np.stack([label, record_structure(self.records[pos], label.shape, kinds=self.structure).astype(np.float32)])
        # no draw at all without zoom, so runs without it keep their random streams
        factor = zoom_factor(self.zoom_max, self.zoom_prob, rng) if self.zoom_max > 1 else 1.0
        image, label = zoomed_crop(image, label, self.patch, factor, self.fg_prob, rng)
        image, label = augment(image, label, rng, self.permute)
        # its own stream: the crops and masks are those of the same item without it
        if self.intensity > 0:
            image = intensity_augment(image, np.random.default_rng([self.seed, int(k), 104729, 1]), self.intensity)
        mask = cube_mask(image.shape, self.mask_patch, self.mask_ratio, rng)
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))[None]
        item = {"image": t(image), "label": t(_lead(label)), "masked": t(apply_mask(image, mask)), "mask": t(mask)}
        if self.structure:
            item["structure"] = t(label[1])
        return item


class WholeVolumes(Dataset):
    """Held-out samples, whole, normalised, no augmentation."""

    def __init__(self, root: str, records: list[dict]):
        self.inner = TrainPatches(root, records)
        self.records = records

    def __len__(self):
        return len(self.inner)

    def __getitem__(self, pos):
        image, label = self.inner.load(pos)
        return torch.from_numpy(image)[None], torch.from_numpy(label)[None]


# `label` in crop, zoomed_crop and augment is [z, y, x], or [c, z, y, x] with the vessel label first and further maps
# (structure.py's) after it: every channel is cropped, zoomed and flipped as the image is, and only the first one
# steers a crop onto a vessel, so the random streams are the same either way.

def _lead(label):
    return label[0] if label.ndim == 4 else label


def crop(image, label, patch, fg_prob, rng):
    pad = [(0, max(0, patch - s)) for s in image.shape]
    if any(p[1] for p in pad):
        image, label = np.pad(image, pad), np.pad(label, [(0, 0)] * (label.ndim - 3) + pad)
    shape = np.array(image.shape)
    lead = _lead(label)
    if fg_prob > 0 and rng.random() < fg_prob and lead.any():
        fg = np.flatnonzero(lead)
        centre = np.array(np.unravel_index(fg[rng.integers(len(fg))], lead.shape))
        start = np.clip(centre - patch // 2, 0, shape - patch)
    else:
        start = np.array([rng.integers(0, s - patch + 1) for s in shape])
    sl = tuple(slice(int(a), int(a) + patch) for a in start)
    return image[sl], label[(Ellipsis,) + sl]


def zoom_factor(zoom_max, zoom_prob, rng):
    """1 with probability 1 - zoom_prob, else log-uniform in [1, zoom_max]."""
    if rng.random() >= zoom_prob:
        return 1.0
    return float(np.exp(rng.uniform(0.0, np.log(zoom_max))))


def zoomed_crop(image, label, patch, factor, fg_prob, rng):
    """A crop of side patch / factor, resampled (trilinear; the label thresholded at 0.5) to patch: the same anatomy
    at a voxel `factor` times finer, so vessels `factor` times wider in voxels. The simulator's vessels are 1-2 voxels
    in radius at its presets' voxel sizes; real labelled vessels here are 2-5 (models/README.md)."""
    if factor <= 1.0:
        return crop(image, label, patch, fg_prob, rng)
    from scipy.ndimage import zoom
    side = max(4, int(round(patch / factor)))
    image, label = crop(image, label, side, fg_prob, rng)
    scale = [patch / s for s in image.shape]
    image = zoom(image, scale, order=1, grid_mode=True, mode="nearest")
    label = (zoom(label, [1.0] * (label.ndim - 3) + scale, order=1, grid_mode=True, mode="nearest") >= 0.5).astype(np.float32)
    return image.astype(np.float32), label


def augment(image, label, rng, permute=True):
    c = label.ndim - 3  # 1 with a channel axis first
    flips = tuple(a for a in range(3) if rng.random() < 0.5)
    if flips:
        image, label = np.flip(image, flips), np.flip(label, tuple(a + c for a in flips))
    if permute:
        axes = tuple(int(a) for a in rng.permutation(3))
        image, label = image.transpose(axes), label.transpose(tuple(range(c)) + tuple(a + c for a in axes))
    return image, label
