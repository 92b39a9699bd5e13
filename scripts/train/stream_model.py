"""Streaming-native character-CTC model: every chunk of audio is read once, state carried across chunks.

waveform -> the same log-mel front end as model.py (STFT as a fixed Conv1d, 400-sample window,
160 hop) -> BatchNorm -> 2 x Conv1d (kernel 5, stride 2) made *causal* (no right padding; the
left context comes from a carried tail) -> unidirectional GRU stack -> look-ahead: output i reads
GRU frames i-R..i (one Conv1d of kernel R+1, residual on frame i-R) -> linear head.

State carried from chunk to chunk (zero at an utterance start):
  wave  [B, 240]        the last 240 samples (an STFT window is 400 samples, the hop 160)
  feat  [B, 80, 4]      the last 4 normalised log-mel frames (conv 1's left context)
  conv  [B, C, 4]       the last 4 outputs of conv 1 (conv 2's left context)
  h     [L, B, H]       each GRU layer's hidden state
  look  [B, H, R]       the last R GRU outputs (the look-ahead convolution's left context)

A chunk must hold a multiple of CHUNK_SAMPLES (640 samples = one 40 ms output frame) and yields
exactly samples / 640 logits frames. Output i of an utterance describes GRU frame i - R, so the
logits of the last R frames need R more frames of audio: at the end of an utterance the engine
feeds R x 640 zero samples (the flush). Because the training forward is the same `step` with zero
state over [utterance + flush], chunked decoding equals whole-utterance decoding exactly.
"""
from __future__ import annotations

import torch
from torch import nn

import model as M

CHUNK_SAMPLES = M.HOP * M.SUBSAMPLING  # 640: one output frame
WAVE_TAIL = M.N_FFT - M.HOP            # 240
CONV_TAIL = 4                          # kernel 5 - 1


class StreamCtcModel(nn.Module):
    def __init__(self, hidden: int = 256, layers: int = 3, channels: int = 256, vocab: int = len(M.VOCAB),
                 lookahead: int = 3) -> None:
        super().__init__()
        self.features = M.LogMel()
        self.norm = nn.BatchNorm1d(M.N_MELS)
        self.conv = nn.Sequential(
            nn.Conv1d(M.N_MELS, channels, 5, stride=2), nn.GELU(),
            nn.Conv1d(channels, channels, 5, stride=2), nn.GELU(),
        )
        self.rnn = nn.GRU(channels, hidden, num_layers=layers, batch_first=True, dropout=0.1)
        self.look = nn.Conv1d(hidden, hidden, lookahead + 1)
        nn.init.zeros_(self.look.weight)
        nn.init.zeros_(self.look.bias)
        self.act = nn.GELU()
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(hidden, vocab)
        self.lookahead = lookahead
        self.config = {"hidden": hidden, "layers": layers, "channels": channels, "vocab": vocab,
                       "lookahead": lookahead, "arch": "stream"}

    # ---- state -------------------------------------------------------------------------------
    def state_shapes(self, batch: int = 1) -> dict[str, list[int]]:
        c = self.config
        return {"wave": [batch, WAVE_TAIL], "feat": [batch, M.N_MELS, CONV_TAIL],
                "conv": [batch, c["channels"], CONV_TAIL], "h": [c["layers"], batch, c["hidden"]],
                "look": [batch, c["hidden"], self.lookahead]}

    def zero_state(self, batch: int = 1, device: str | torch.device = "cpu") -> list[torch.Tensor]:
        return [torch.zeros(s, device=device) for s in self.state_shapes(batch).values()]

    # ---- the one computation -------------------------------------------------------------------
    def step(self, wave: torch.Tensor, wave_in: torch.Tensor, feat_in: torch.Tensor, conv_in: torch.Tensor,
             h_in: torch.Tensor, look_in: torch.Tensor, feat_hook=None):
        """wave [B, n] with n a multiple of 640 -> logits [B, n/640, V] and the five next states."""
        w = torch.cat([wave_in, wave], 1)
        feats = self.norm(self.features(w))
        if feat_hook is not None:
            feats = feat_hook(feats)
        f = torch.cat([feat_in, feats], 2)
        c1 = self.conv[1](self.conv[0](f))
        c = torch.cat([conv_in, c1], 2)
        c2 = self.conv[3](self.conv[2](c))
        g, h_out = self.rnn(c2.transpose(1, 2), h_in)
        gl = torch.cat([look_in, g.transpose(1, 2)], 2)  # [B, H, R + frames]
        y = gl[:, :, : gl.shape[2] - self.lookahead] + self.act(self.look(gl))
        logits = self.head(self.dropout(y.transpose(1, 2)))
        R = self.lookahead
        return (logits, w[:, w.shape[1] - WAVE_TAIL:], f[:, :, f.shape[2] - CONV_TAIL:],
                c[:, :, c.shape[2] - CONV_TAIL:], h_out, gl[:, :, gl.shape[2] - R:])

    def forward(self, wave: torch.Tensor, feat_hook=None) -> torch.Tensor:
        """A whole (batch of) utterance(s) as one chunk: zero state, padded to the frame grid plus
        the flush. Logits [B, ceil(n/640) + R, V]."""
        B, n = wave.shape
        frames = -(-n // CHUNK_SAMPLES) + self.lookahead
        padded = torch.nn.functional.pad(wave, (0, frames * CHUNK_SAMPLES - n))
        return self.step(padded, *self.zero_state(B, wave.device), feat_hook=feat_hook)[0]


def output_frames(samples: torch.Tensor, lookahead: int) -> torch.Tensor:
    return torch.div(samples + CHUNK_SAMPLES - 1, CHUNK_SAMPLES, rounding_mode="floor") + lookahead


def from_bidirectional(state: dict[str, torch.Tensor], net: StreamCtcModel) -> dict[str, torch.Tensor]:
    """Initial weights from a bidirectional model.py checkpoint (e.g. onnx_to_state.py on v2): the
    front end and convolutions as they are, the GRU's forward direction (later layers read only the
    forward half of the layer below), the head's forward half. The look-ahead starts as identity."""
    sd = {k: v.clone() for k, v in net.state_dict().items()}
    H = net.config["hidden"]
    for k in ("norm.weight", "norm.bias", "norm.running_mean", "norm.running_var", "conv.0.weight", "conv.0.bias",
              "conv.2.weight", "conv.2.bias", "head.bias"):
        sd[k] = state[k].clone()
    sd["head.weight"] = state["head.weight"][:, :H].clone()
    for layer in range(net.config["layers"]):
        w_ih = state[f"rnn.weight_ih_l{layer}"]
        sd[f"rnn.weight_ih_l{layer}"] = (w_ih if layer == 0 else w_ih[:, :H]).clone()
        for k in ("weight_hh", "bias_ih", "bias_hh"):
            sd[f"rnn.{k}_l{layer}"] = state[f"rnn.{k}_l{layer}"].clone()
    return sd


def teacher_offset(lookahead: int) -> int:
    """Student output i describes about the audio of bidirectional frame i - R - 2: the causal
    convolutions and the 240-sample STFT tail shift the conv stack by 1.875 frames."""
    return lookahead + 2
