"""
VesselUNet: a small 3D U-Net with one shared encoder and two decoders ("heads"):

- ``seg``: a 1-channel vessel logit (sigmoid gives the vessel probability);
- ``rec``: a 1-channel reconstruction of the (masked) input image, trained on masked voxels only.

Three resolution levels (1, 1/2, 1/4: total stride 4), two 3x3x3 convolutions per level, each
followed by InstanceNorm3d (affine) and LeakyReLU(0.01). Downsampling is a stride-2 convolution;
upsampling is a 1x1x1 convolution at the coarse level, nearest-neighbour ``nn.Upsample`` and a
3x3x3 convolution on the concatenation with the skip connection (no ConvTranspose3d: the WebGPU
provider of onnxruntime-web has none). Every spatial size that is a multiple of ``STRIDE`` works.

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

STRIDE = 4
DEFAULT_CHANNELS = (12, 24, 48)


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
    def __init__(self, channels: tuple[int, int, int]):
        super().__init__()
        c0, c1, c2 = channels
        self.stem = Stem(1, c0)
        self.level0 = conv_norm_act(c0, c0)
        self.level1 = nn.Sequential(conv_norm_act(c0, c1, stride=2), conv_norm_act(c1, c1))
        self.level2 = nn.Sequential(conv_norm_act(c1, c2, stride=2), conv_norm_act(c2, c2))

    def forward(self, x, scale, shift):
        f0 = self.level0(self.stem(x, scale, shift))
        f1 = self.level1(f0)
        f2 = self.level2(f1)
        return f0, f1, f2


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
    def __init__(self, channels: tuple[int, int, int]):
        super().__init__()
        c0, c1, c2 = channels
        self.up1 = UpBlock(c2, c1)
        self.up0 = UpBlock(c1, c0)
        self.head = nn.Conv3d(c0, 1, kernel_size=1)

    def forward(self, feats):
        f0, f1, f2 = feats
        return self.head(self.up0(self.up1(f2, f1), f0))


class VesselUNet(nn.Module):
    def __init__(self, channels: tuple[int, int, int] = DEFAULT_CHANNELS):
        super().__init__()
        channels = tuple(int(c) for c in channels)
        if len(channels) != 3 or min(channels) < 1:
            raise ValueError(f"channels = {channels}; give three positive widths, e.g. {DEFAULT_CHANNELS}")
        self.channels = channels
        self.encoder = Encoder(channels)
        self.seg = Decoder(channels)
        self.rec = Decoder(channels)
        self.register_buffer("adapt_scale", torch.ones(channels[0]))
        self.register_buffer("adapt_shift", torch.zeros(channels[0]))

    @property
    def adapt_channels(self) -> int:
        return self.channels[0]

    def encode(self, x, adapt_scale=None, adapt_shift=None):
        check_spatial(x)
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


def check_spatial(x: torch.Tensor) -> None:
    # Skipped while tracing for ONNX export: the exported graph must not carry these shape checks.
    if torch.jit.is_tracing() or torch.onnx.is_in_onnx_export():
        return
    if x.dim() != 5 or x.shape[1] != 1:
        raise ValueError(f"input shape {tuple(x.shape)}; give [N, 1, D, H, W]")
    bad = [s for s in x.shape[2:] if s % STRIDE or s == 0]
    if bad:
        raise ValueError(f"input spatial size {tuple(x.shape[2:])}; each side must be a positive multiple of {STRIDE} (pad the volume)")


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def build_model(config: dict | None = None) -> VesselUNet:
    """The model from a checkpoint's `model_config` ({"channels": [...]}), or the default."""
    config = config or {}
    return VesselUNet(tuple(config.get("channels", DEFAULT_CHANNELS)))


def model_config(model: VesselUNet) -> dict:
    return {"channels": list(model.channels), "stride": STRIDE}
