"""Export a streaming model (stream_model.py) to ONNX with its state tensors and the manifest.

    input_values [1, samples] (a multiple of 640) + wave_in, feat_in, conv_in, h_in, look_in
      -> logits [1, samples / 640, vocab] + wave_out, feat_out, conv_out, h_out, look_out

model.json carries "streaming" (state names, shapes, look-ahead frames, chunk samples), which is
what the engine reads to keep the state per stream instead of re-decoding windows (see
server/asr/stateful-ctc.ts). Also writes model.fp32.pt (the fp32 state dict, to fine-tune from).

    /usr/bin/python3 scripts/train/export_stream.py --ckpt final.pt --out models/diktats-lv-stream-v1 \\
        --id diktats-lv-stream-v1 --int8
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

import model as M
import stream_model as S
from export import quantize_weights, sha256

STATE_NAMES = ["wave", "feat", "conv", "h", "look"]


class Exported(torch.nn.Module):
    def __init__(self, net: S.StreamCtcModel) -> None:
        super().__init__()
        self.net = net

    def forward(self, input_values, wave_in, feat_in, conv_in, h_in, look_in):
        return self.net.step(input_values, wave_in, feat_in, conv_in, h_in, look_in)


def export_onnx(net: S.StreamCtcModel, path: Path) -> dict:
    """Writes the fp32 graph; returns the manifest's "streaming" section."""
    net.eval()
    shapes = net.state_shapes(1)
    dummy = (torch.randn(1, S.CHUNK_SAMPLES * 4) * 0.1, *[torch.zeros(s) for s in shapes.values()])
    # A fresh wrapper is in training mode, and export restores the mode it found recursively:
    # without .eval() here the caller's net would come back in training mode (BatchNorm on batch statistics).
    torch.onnx.export(Exported(net).eval(), dummy, str(path), opset_version=17,
                      input_names=["input_values"] + [f"{n}_in" for n in STATE_NAMES],
                      output_names=["logits"] + [f"{n}_out" for n in STATE_NAMES],
                      dynamic_axes={"input_values": {1: "samples"}, "logits": {1: "frames"}})
    return {"stateInputs": [f"{n}_in" for n in STATE_NAMES], "stateOutputs": [f"{n}_out" for n in STATE_NAMES],
            "stateShapes": list(shapes.values()), "lookaheadFrames": net.lookahead, "chunkSamples": S.CHUNK_SAMPLES}


def write_folder(net: S.StreamCtcModel, out: Path, model_id: str, int8: bool) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "model.fp32.onnx"
    streaming = export_onnx(net, fp32)
    target = out / "model.onnx"
    if int8:
        quantize_weights(fp32, target)
        fp32.unlink()
    else:
        fp32.replace(target)
    vocab = {tok: i for i, tok in enumerate(M.VOCAB)}
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    params = sum(p.numel() for p in net.parameters())
    manifest = {
        "id": model_id, "family": "diktats", "sampleRate": M.SAMPLE_RATE,
        "inputName": "input_values", "outputName": "logits", "vocabFile": "vocab.json",
        "blankId": M.BLANK_ID, "wordDelimiter": "|", "frameShiftMs": 10 * M.SUBSAMPLING,
        "normalize": False, "parameters": params, "quantization": "int8-weights" if int8 else "fp32",
        "streaming": streaming, "sha256": sha256(target),
    }
    (out / "model.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--id", default="diktats-lv-stream-v1")
    ap.add_argument("--int8", action="store_true")
    args = ap.parse_args()
    c = torch.load(args.ckpt, map_location="cpu")
    cfg = c["config"]
    net = S.StreamCtcModel(**{k: cfg[k] for k in ("hidden", "layers", "channels", "vocab", "lookahead")})
    net.load_state_dict(c["model"])
    manifest = write_folder(net, args.out, args.id, args.int8)
    torch.save({"model": {k: v.float() if v.is_floating_point() else v for k, v in net.state_dict().items()},
                "config": cfg}, args.out / "model.fp32.pt")
    print(json.dumps({"bytes": (args.out / "model.onnx").stat().st_size, **manifest}))


if __name__ == "__main__":
    main()
