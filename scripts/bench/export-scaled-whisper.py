#!/usr/bin/env python3
"""Random-weight Whisper of a real model's shape, exported in optimum's ONNX layout, for
timing only (scripts/bench/whisper-bench.ts): the engine's cost per 30 s window and per
decoded token at a known size, from which docs extrapolate to large-v3 by FLOPs / bytes.

  /usr/bin/python3 scripts/bench/export-scaled-whisper.py --shape tiny --out /tmp/whisper-tiny-shape

Shapes are openai/whisper-* configs. The tokenizer files are the test fixture's (token ids
above its vocabulary only decode to nothing; timing does not care). Not committed: ~250 MB.
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "fixtures"))
from tiny_whisper import TinyWhisper, export_all  # noqa: E402

FIXTURE = HERE.parents[1] / "test" / "fixtures" / "models" / "whisper-tiny-random"
SHAPES = {
    "tiny": dict(d_model=384, encoder_layers=4, decoder_layers=4, encoder_attention_heads=6, decoder_attention_heads=6,
                 encoder_ffn_dim=1536, decoder_ffn_dim=1536, num_mel_bins=80),
    "base": dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8, decoder_attention_heads=8,
                 encoder_ffn_dim=2048, decoder_ffn_dim=2048, num_mel_bins=80),
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", choices=sorted(SHAPES), default="tiny")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cfg = json.loads((FIXTURE / "config.json").read_text())
    cfg.update(SHAPES[args.shape], vocab_size=51866, max_source_positions=1500, max_target_positions=448)
    torch.manual_seed(0)
    model = TinyWhisper(cfg).eval()
    export_all(model, out)
    (out / "config.json").write_text(json.dumps(cfg, indent=2))
    pre = json.loads((FIXTURE / "preprocessor_config.json").read_text())
    pre["feature_size"] = cfg["num_mel_bins"]
    (out / "preprocessor_config.json").write_text(json.dumps(pre, indent=2))
    for name in ("generation_config.json", "tokenizer.json"):
        shutil.copy(FIXTURE / name, out / name)
    params = sum(p.numel() for p in model.parameters())
    print(f"{args.shape}: {params / 1e6:.1f} M parameters -> {out}")
    for p in sorted(out.glob("*.onnx")):
        print(f"  {p.name}: {p.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
