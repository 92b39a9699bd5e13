"""Export a checkpoint to ONNX with the Hugging Face wav2vec2 CTC contract.

input_values [batch, samples] float32 16 kHz  ->  logits [batch, frames, vocab]
Feature extraction is inside the graph, so the engine treats the model like any
wav2vec2 export. Writes model.onnx (weight-only int8 with --int8, else fp32),
vocab.json, model.json (the manifest the engine reads, with sha256) into --out.
"""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

import model as M


class Exported(torch.nn.Module):
    def __init__(self, net: M.CtcModel) -> None:
        super().__init__()
        self.net = net

    def forward(self, input_values: torch.Tensor) -> torch.Tensor:
        return self.net(input_values)


def quantize_weights(src: Path, dst: Path, min_elements: int = 4096) -> list[str]:
    """Weight-only int8: large float initialisers become int8 + per-channel scale,
    restored by DequantizeLinear at load. onnxruntime's dynamic quantiser does not
    cover GRU and is not installable here; this keeps every op as exported."""
    m = onnx.load(str(src))
    g = m.graph
    done = []
    keep = []
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        # The STFT basis and mel matrix are signal processing, not learned weights: keep exact.
        if w.dtype != np.float32 or w.size < min_elements or "basis" in init.name or "mel" in init.name:
            keep.append(init)
            continue
        axis = 1 if (w.ndim == 3 and w.shape[0] <= 2) else (w.ndim - 1 if w.ndim == 2 else 0)
        reduce_axes = tuple(i for i in range(w.ndim) if i != axis)
        scale = np.abs(w).max(axis=reduce_axes) / 127.0
        scale = np.where(scale == 0, 1e-8, scale).astype(np.float32)
        shape = [1] * w.ndim
        shape[axis] = -1
        q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        qname, sname, zname = init.name + "_q", init.name + "_scale", init.name + "_zero"
        keep.append(numpy_helper.from_array(q, qname))
        keep.append(numpy_helper.from_array(scale, sname))
        keep.append(numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), zname))
        g.node.insert(0, helper.make_node("DequantizeLinear", [qname, sname, zname], [init.name], axis=axis,
                                          name=init.name + "_dequant"))
        done.append(init.name)
    del g.initializer[:]
    g.initializer.extend(keep)
    onnx.checker.check_model(m)
    onnx.save(m, str(dst))
    return done


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--id", default="diktats-lv-synth-v2")
    ap.add_argument("--int8", action="store_true")
    ap.add_argument("--fp32-out", type=Path, default=None, help="with --int8: keep the fp32 export here (default: delete it)")
    args = ap.parse_args()

    c = torch.load(args.ckpt, map_location="cpu")
    net = M.CtcModel(**{k: v for k, v in c["config"].items() if k in ("hidden", "layers", "channels", "vocab")})
    net.load_state_dict(c["model"])
    net.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    fp32 = args.fp32_out or (args.out / "model.fp32.onnx")
    fp32.parent.mkdir(parents=True, exist_ok=True)
    dummy = torch.randn(1, 32000) * 0.1
    torch.onnx.export(Exported(net), (dummy,), str(fp32), opset_version=17,
                      input_names=["input_values"], output_names=["logits"],
                      dynamic_axes={"input_values": {0: "batch", 1: "samples"},
                                    "logits": {0: "batch", 1: "frames"}})
    target = args.out / "model.onnx"
    if args.int8:
        names = quantize_weights(fp32, target)
        print(f"int8 weights: {len(names)} tensors; fp32 {fp32.stat().st_size} bytes -> int8 {target.stat().st_size} bytes")
        if args.fp32_out is None:
            fp32.unlink()
    else:
        fp32.replace(target)
    vocab = {tok: i for i, tok in enumerate(M.VOCAB)}
    (args.out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    params = sum(p.numel() for p in net.parameters())
    manifest = {
        "id": args.id, "family": "diktats", "sampleRate": M.SAMPLE_RATE,
        "inputName": "input_values", "outputName": "logits", "vocabFile": "vocab.json",
        "blankId": M.BLANK_ID, "wordDelimiter": "|", "frameShiftMs": 10 * M.SUBSAMPLING,
        "normalize": False, "parameters": params, "quantization": "int8-weights" if args.int8 else "fp32",
        "sha256": sha256(target),
    }
    (args.out / "model.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"parameters": params, "bytes": target.stat().st_size, **manifest}))


if __name__ == "__main__":
    main()
