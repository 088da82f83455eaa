"""
VesselUNet: a small 3D U-Net with one shared encoder and two decoders ("heads"):

- ``seg``: a 1-channel vessel logit (sigmoid gives the vessel probability);
- ``rec``: a 1-channel reconstruction of the (masked) input image, trained on masked voxels only.

One resolution level per width in ``channels``: the committed network (since stop 33) has five,
``level_channels(5)`` = 12/24/48/96/96 (stride 16, receptive field 159: netstats.py); the default, and the network
committed before it, three (widths 12/24/48, levels 1, 1/2, 1/4: total stride 4, receptive field 35 voxels). Two 3x3x3 convolutions per level, each
followed by InstanceNorm3d (affine) and LeakyReLU(0.01). Downsampling is a stride-2 convolution;
upsampling is a 1x1x1 convolution at the coarse level, nearest-neighbour ``nn.Upsample`` and a
3x3x3 convolution on the concatenation with the skip connection (no ConvTranspose3d: the WebGPU
provider of onnxruntime-web has none). Every spatial size that is a multiple of the model's
``stride`` (2^(levels-1)) works.

Adaptation input: the first encoder feature map (after the stem convolution's norm, before its
activation) is multiplied by ``adapt_scale`` and shifted by ``adapt_shift`` (one value per
channel, shape [C] with C = channels[0]). They default to identity (ones, zeros: buffers, never
trained) and can be passed to ``forward`` to adapt the network to a new scan at test time
without touching the weights: in PyTorch by gradient descent (adapt.py), in a browser by
forward passes only (the exported ONNX models take them as optional inputs).
"""
from __future__ import annotations

import torch
from torch import nn

STRIDE = 4  # the three-level network's (train.py's default --levels 3); any model's own is `model.stride`
DEFAULT_CHANNELS = (12, 24, 48)
BASE_WIDTH = 12  # level 0: the adaptation inputs' length (adapt_scale, adapt_shift); keep it to keep the page's SPSA
MAX_WIDTH = 96  # level_channels' cap: coarse levels are cheap in multiply-adds but cost 4 bytes a parameter in the ONNX files (10 MB limit)


def level_channels(levels: int) -> tuple[int, ...]:
    """The widths of a network with `levels` resolution levels: 12 doubling per level, capped at MAX_WIDTH.
    level_channels(3) = (12, 24, 48), the committed network; level_channels(5) = (12, 24, 48, 96, 96)."""
    if levels < 2:
        raise ValueError(f"levels = {levels}; give 2 or more")
    return tuple(min(BASE_WIDTH * 2 ** l, MAX_WIDTH) for l in range(levels))


def conv_norm_act(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv3d(cin, cout, kernel_size=3, stride=stride, padding=1, bias=False),
        nn.InstanceNorm3d(cout, affine=True),
        nn.LeakyReLU(0.01, inplace=True),
    )


class Stem(nn.Module):
    """conv -> InstanceNorm -> per-channel adaptation affine -> LeakyReLU."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.conv = nn.Conv3d(cin, cout, kernel_size=3, padding=1, bias=False)
        self.norm = nn.InstanceNorm3d(cout, affine=True)
        self.act = nn.LeakyReLU(0.01, inplace=True)

    def forward(self, x: torch.Tensor, scale: torch.Tensor, shift: torch.Tensor) -> torch.Tensor:
        y = self.norm(self.conv(x))
        y = y * scale.reshape(1, -1, 1, 1, 1) + shift.reshape(1, -1, 1, 1, 1)
        return self.act(y)


class Encoder(nn.Module):
    """stem + conv at level 0; at each further level a stride-2 conv and a conv. Modules level0, level1, ...
    (the committed checkpoint's names), made in that order (so one seed gives the committed initialisation)."""

    def __init__(self, channels: tuple[int, ...]):
        super().__init__()
        self.stem = Stem(1, channels[0])
        self.level0 = conv_norm_act(channels[0], channels[0])
        for l in range(1, len(channels)):
            setattr(self, f"level{l}", nn.Sequential(conv_norm_act(channels[l - 1], channels[l], stride=2), conv_norm_act(channels[l], channels[l])))
        self.levels = len(channels)

    def forward(self, x, scale, shift):
        feats = [self.level0(self.stem(x, scale, shift))]
        for l in range(1, self.levels):
            feats.append(getattr(self, f"level{l}")(feats[-1]))
        return tuple(feats)


class UpBlock(nn.Module):
    """1x1 conv at the coarse level, nearest upsampling x2, concat skip, two 3x3 convs."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.reduce = nn.Conv3d(cin, cout, kernel_size=1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.fuse = nn.Sequential(conv_norm_act(2 * cout, cout), conv_norm_act(cout, cout))

    def forward(self, x, skip):
        return self.fuse(torch.cat([self.up(self.reduce(x)), skip], dim=1))


class Decoder(nn.Module):
    """From the coarsest level up: up{L-2}, ..., up0 (made in that order), then a 1x1 head to one channel."""

    def __init__(self, channels: tuple[int, ...]):
        super().__init__()
        for l in reversed(range(len(channels) - 1)):
            setattr(self, f"up{l}", UpBlock(channels[l + 1], channels[l]))
        self.head = nn.Conv3d(channels[0], 1, kernel_size=1)
        self.levels = len(channels)

    def forward(self, feats):
        x = feats[-1]
        for l in reversed(range(self.levels - 1)):
            x = getattr(self, f"up{l}")(x, feats[l])
        return self.head(x)


class VesselUNet(nn.Module):
    def __init__(self, channels: tuple[int, ...] = DEFAULT_CHANNELS):
        super().__init__()
        channels = tuple(int(c) for c in channels)
        if len(channels) < 2 or min(channels) < 1:
            raise ValueError(f"channels = {channels}; give two or more positive widths, one per level, e.g. {DEFAULT_CHANNELS}")
        self.channels = channels
        self.levels = len(channels)
        self.stride = 2 ** (self.levels - 1)
        self.encoder = Encoder(channels)
        self.seg = Decoder(channels)
        self.rec = Decoder(channels)
        self.register_buffer("adapt_scale", torch.ones(channels[0]))
        self.register_buffer("adapt_shift", torch.zeros(channels[0]))

    @property
    def adapt_channels(self) -> int:
        return self.channels[0]

    def encode(self, x, adapt_scale=None, adapt_shift=None):
        check_spatial(x, self.stride)
        scale = self.adapt_scale if adapt_scale is None else adapt_scale
        shift = self.adapt_shift if adapt_shift is None else adapt_shift
        return self.encoder(x, scale, shift)

    def forward_seg(self, x, adapt_scale=None, adapt_shift=None):
        """Vessel logits [N,1,D,H,W] of a normalised image [N,1,D,H,W]."""
        return self.seg(self.encode(x, adapt_scale, adapt_shift))

    def forward_rec(self, x, adapt_scale=None, adapt_shift=None):
        """Reconstruction [N,1,D,H,W] of a (masked) normalised image [N,1,D,H,W]."""
        return self.rec(self.encode(x, adapt_scale, adapt_shift))

    def forward(self, image, masked, adapt_scale=None, adapt_shift=None):
        """Training pass: seg logits of `image` and reconstruction of `masked`, one encoder pass for both."""
        n = image.shape[0]
        feats = self.encode(torch.cat([image, masked], 0), adapt_scale, adapt_shift)
        seg = self.seg(tuple(f[:n] for f in feats))
        rec = self.rec(tuple(f[n:] for f in feats))
        return seg, rec


def check_spatial(x: torch.Tensor, stride: int = STRIDE) -> None:
    # Skipped while tracing for ONNX export: the exported graph must not carry these shape checks.
    if torch.jit.is_tracing() or torch.onnx.is_in_onnx_export():
        return
    if x.dim() != 5 or x.shape[1] != 1:
        raise ValueError(f"input shape {tuple(x.shape)}; give [N, 1, D, H, W]")
    bad = [s for s in x.shape[2:] if s % stride or s == 0]
    if bad:
        raise ValueError(f"input spatial size {tuple(x.shape[2:])}; each side must be a positive multiple of {stride} (pad the volume)")


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def build_model(config: dict | None = None) -> VesselUNet:
    """The model from a checkpoint's `model_config` ({"channels": [...]}, one width per level), or the default."""
    config = config or {}
    return VesselUNet(tuple(config.get("channels", DEFAULT_CHANNELS)))


def model_config(model: VesselUNet) -> dict:
    return {"channels": list(model.channels), "stride": model.stride}
