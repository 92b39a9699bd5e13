"""Read a Diktāts model's weights back from its ONNX export into a PyTorch checkpoint.

    /usr/bin/python3 scripts/train/onnx_to_state.py models/diktats-lv-synth-v2/model.onnx --out v2-init.pt

int8 weights (DequantizeLinear) are dequantised with their per-channel scales. PyTorch exports each
GRU layer as one ONNX GRU node with W [2, 3H, in], R [2, 3H, H], B [2, 6H] (input then recurrent
biases) in ONNX's gate order z, r, h; PyTorch keeps r, z, n: the gates are reordered back. The head
is a MatMul with the transposed weight. Writes {"model": state_dict, "config": ...} like train.py.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

import model as M


def float_initialisers(m: onnx.ModelProto) -> dict[str, np.ndarray]:
    raw = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    out = {k: v for k, v in raw.items() if v.dtype == np.float32}
    for n in m.graph.node:
        if n.op_type == "DequantizeLinear" and n.input[0] in raw:
            q, s = raw[n.input[0]].astype(np.float32), raw[n.input[1]]
            axis = next((helper.get_attribute_value(a) for a in n.attribute if a.name == "axis"), 1)
            shape = [1] * q.ndim
            shape[axis] = -1
            out[n.output[0]] = q * s.reshape(shape)
    return out


def zrh_to_rzn(w: np.ndarray, hidden: int) -> np.ndarray:
    z, r, h = w[:hidden], w[hidden:2 * hidden], w[2 * hidden:]
    return np.concatenate([r, z, h], 0)


def read_state(path: Path) -> tuple[dict[str, torch.Tensor], dict]:
    m = onnx.load(str(path))
    w = float_initialisers(m)
    grus = [n for n in m.graph.node if n.op_type == "GRU"]
    hidden = helper.get_attribute_value(next(a for a in grus[0].attribute if a.name == "hidden_size"))
    head_node = next(n for n in m.graph.node if n.op_type == "MatMul" and "head" in n.name)
    head_w = w[head_node.input[1]].T  # [vocab, 2H]
    channels = w["net.conv.0.weight"].shape[0]
    config = {"hidden": hidden, "layers": len(grus), "channels": channels, "vocab": head_w.shape[0]}
    net = M.CtcModel(**config)
    sd = {k: v.clone() for k, v in net.state_dict().items()}
    for name in ("norm.weight", "norm.bias", "norm.running_mean", "norm.running_var",
                 "conv.0.weight", "conv.0.bias", "conv.2.weight", "conv.2.bias", "head.bias"):
        sd[name] = torch.from_numpy(np.ascontiguousarray(w["net." + name]))
    sd["head.weight"] = torch.from_numpy(np.ascontiguousarray(head_w))
    for layer, node in enumerate(grus):
        W, R, B = w[node.input[1]], w[node.input[2]], w[node.input[3]]
        for d, suffix in enumerate(("", "_reverse")):
            sd[f"rnn.weight_ih_l{layer}{suffix}"] = torch.from_numpy(zrh_to_rzn(W[d], hidden))
            sd[f"rnn.weight_hh_l{layer}{suffix}"] = torch.from_numpy(zrh_to_rzn(R[d], hidden))
            sd[f"rnn.bias_ih_l{layer}{suffix}"] = torch.from_numpy(zrh_to_rzn(B[d][:3 * hidden], hidden))
            sd[f"rnn.bias_hh_l{layer}{suffix}"] = torch.from_numpy(zrh_to_rzn(B[d][3 * hidden:], hidden))
    net.load_state_dict(sd)
    return {k: v.float() if v.is_floating_point() else v for k, v in net.state_dict().items()}, config


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    state, config = read_state(args.onnx)
    torch.save({"model": state, "config": config, "source": str(args.onnx)}, args.out)
    print(f"{sum(v.numel() for k, v in state.items() if 'features' not in k and 'running' not in k and 'num_batches' not in k)} "
          f"weights from {args.onnx} -> {args.out} ({config})")


if __name__ == "__main__":
    main()
