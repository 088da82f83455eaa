"""
An exported model's cost and operators, read from the ONNX file alone (the onnx package; no runtime):

    /usr/bin/python3 models/train/onnx_stats.py models/segmenter.onnx [more.onnx ...]    # one JSON line per file

- kmac_per_voxel: convolution multiply-adds per input voxel. Each tensor carries its grid's scale relative to the
  input `image` (a stride-2 Conv halves it, a Resize multiplies it by its scales, every other node keeps its data
  input's); a Conv costs Cout x Cin/group x kernel volume per output voxel, times its grid's voxels per input voxel.
  The same figure as netstats.conv_macs_per_voxel (test_netstats.py checks both against a hand count).
- parameters: the elements of the float initializers (weights, norms' scales and biases).
- ops: the operator types; `operator_problems` lists what the page's runtimes may lack: any operator outside
  ALLOWED_OPS (the committed models' set; onnxruntime-web's WebGPU provider has no ConvTranspose3d, for one), and
  Resize modes other than nearest and linear.
"""
from __future__ import annotations

import json
import math
import os
import sys

# Constant and Identity never reach an execution provider: onnxruntime folds constants and removes Identity nodes
# (torch writes those where initializers are equal, e.g. the ones and zeros of an untrained model's norms).
ALLOWED_OPS = {"Conv", "InstanceNormalization", "LeakyRelu", "Resize", "Concat", "Reshape", "Mul", "Add", "Sigmoid", "Constant", "Identity"}
RESIZE_MODES = {"nearest", "linear"}


def _constants(graph) -> dict:
    from onnx import numpy_helper

    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            for a in node.attribute:
                if a.name == "value":
                    values[node.output[0]] = numpy_helper.to_array(a.t)
    return values


def _attr(node, name, default=None):
    from onnx import helper

    for a in node.attribute:
        if a.name == name:
            v = helper.get_attribute_value(a)
            return v.decode() if isinstance(v, bytes) else v
    return default


def conv_macs(model, input_name: str = "image") -> float:
    """Conv multiply-adds per voxel of `input_name` (spatial rank from its shape; scales propagated as described above)."""
    graph = model.graph
    values = _constants(graph)
    inp = next(v for v in graph.input if v.name == input_name)
    rank = len(inp.type.tensor_type.shape.dim) - 2
    scale = {input_name: (1.0,) * rank}
    total = 0.0
    for node in graph.node:
        known = [scale[i] for i in node.input if i in scale]
        if not known:
            continue  # constants, adaptation vectors and their reshapes: no grid
        s = known[0]
        if node.op_type == "Conv":
            w = values[node.input[1]]
            strides = _attr(node, "strides") or [1] * rank
            s = tuple(a / b for a, b in zip(s, strides))
            cout, cin_per_group = w.shape[:2]  # the weight's second dimension is Cin/group already
            total += math.prod(s) * cout * cin_per_group * math.prod(w.shape[2:])
        elif node.op_type == "Resize":
            if len(node.input) < 3 or node.input[2] not in values or values[node.input[2]].size == 0:
                raise ValueError(f"Resize {node.name}: no constant scales (sizes-based Resize is not counted)")
            s = tuple(a * float(b) for a, b in zip(s, values[node.input[2]][2:]))
        elif node.op_type == "ConvTranspose":
            raise ValueError(f"{node.name}: ConvTranspose is not counted (and not allowed)")
        for o in node.output:
            scale[o] = s
    return total


def parameters(model) -> int:
    from onnx import TensorProto

    return sum(math.prod(t.dims) for t in model.graph.initializer if t.data_type in (TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.DOUBLE))


def operator_problems(model) -> list[str]:
    problems = []
    for node in model.graph.node:
        if node.op_type not in ALLOWED_OPS:
            problems.append(f"{node.op_type} ({node.name}): not among {sorted(ALLOWED_OPS)}")
        elif node.op_type == "Resize" and _attr(node, "mode", "nearest") not in RESIZE_MODES:
            problems.append(f"Resize ({node.name}): mode {_attr(node, 'mode')}, not {sorted(RESIZE_MODES)}")
    return problems


def describe(path: str) -> dict:
    import onnx

    m = onnx.load(path)
    meta = next((json.loads(p.value) for p in m.metadata_props if p.key == "vessel-lab"), {})
    return {"path": path, "bytes": os.path.getsize(path), "kmac_per_voxel": conv_macs(m) / 1000, "parameters": parameters(m),
            "channels": meta.get("channels"), "stride": meta.get("stride"),
            "ops": sorted({n.op_type for n in m.graph.node}), "operator_problems": operator_problems(m)}


def main(argv=None):
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for p in paths:
        print(json.dumps(describe(p)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
