#!/usr/bin/env python3
"""Two one-layer ONNX graphs with a transformer block's shape (a [T, 1024] activation
times a 1024 x 4096 weight), float32 and int8 (DynamicQuantizeLinear + MatMulInteger,
as onnxruntime.quantization.quantize_dynamic writes them), for gemm-throughput.ts:
the machine's effective GFLOP/s, which turns the docs' FLOP counts into RTF estimates.

  /usr/bin/python3 scripts/bench/make_gemm_graphs.py   # writes bench-results/gemm-{fp32,int8}.onnx
"""
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = Path(__file__).resolve().parents[2] / "bench-results"
D, F = 1024, 4096


def main() -> None:
    OUT.mkdir(exist_ok=True)
    rng = np.random.RandomState(0)
    w = (rng.randn(D, F) * 0.02).astype(np.float32)
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["T", D])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["T", F])

    fp32 = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "gemm_fp32", [x], [y], [numpy_helper.from_array(w, "w")])
    onnx.save(helper.make_model(fp32, opset_imports=[helper.make_opsetid("", 14)]), str(OUT / "gemm-fp32.onnx"))

    scale = np.float32(np.abs(w).max() / 127.0)
    wq = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    nodes = [
        helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"]),
        helper.make_node("MatMulInteger", ["xq", "wq", "xz", "wz"], ["acc"]),
        helper.make_node("Cast", ["acc"], ["accf"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["xs", "ws"], ["s"]),
        helper.make_node("Mul", ["accf", "s"], ["y"]),
    ]
    inits = [numpy_helper.from_array(wq, "wq"), numpy_helper.from_array(np.array(0, dtype=np.int8), "wz"),
             numpy_helper.from_array(np.array(scale, dtype=np.float32), "ws")]
    int8 = helper.make_graph(nodes, "gemm_int8", [x], [y], inits)
    onnx.save(helper.make_model(int8, opset_imports=[helper.make_opsetid("", 14)]), str(OUT / "gemm-int8.onnx"))
    print("wrote", OUT / "gemm-fp32.onnx", OUT / "gemm-int8.onnx")


if __name__ == "__main__":
    main()
