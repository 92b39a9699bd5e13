"""Character-CTC acoustic model with feature extraction inside the graph.

waveform [B, T] (16 kHz, -1..1) -> STFT as a fixed Conv1d -> log-mel -> fixed
normalisation -> 2 strided Conv1d (4x time reduction, 40 ms frames) -> BiGRU ->
logits [B, F, V]. Conv1d STFT because torch.stft does not export to ONNX.
"""
from __future__ import annotations

import math

import torch
from torch import nn

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80
SUBSAMPLING = 4

LETTERS = "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž"
# Hugging Face wav2vec2 convention: <pad> is the CTC blank, "|" the word delimiter.
VOCAB = ["<pad>", "<unk>", "|", "'"] + list(LETTERS)
BLANK_ID = 0


def encode_text(text: str) -> list[int]:
    index = {c: i for i, c in enumerate(VOCAB)}
    return [index["|"] if ch == " " else index.get(ch, 1) for ch in text]


def decode_ids(ids: list[int]) -> str:
    out, prev = [], -1
    for i in ids:
        if i != prev and i != BLANK_ID:
            out.append(" " if VOCAB[i] == "|" else VOCAB[i])
        prev = i
    return " ".join("".join(out).split())


def mel_filterbank(n_mels: int, n_fft: int, sr: int, fmin: float = 20.0, fmax: float = 7600.0) -> torch.Tensor:
    def hz_to_mel(f: float) -> float:
        return 2595.0 * math.log10(1.0 + f / 700.0)

    mels = torch.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2)
    hz = 700.0 * (10 ** (mels / 2595.0) - 1.0)
    bins = torch.linspace(0, sr / 2, n_fft // 2 + 1)
    fb = torch.zeros(n_mels, n_fft // 2 + 1)
    for m in range(n_mels):
        lo, mid, hi = hz[m], hz[m + 1], hz[m + 2]
        up = (bins - lo) / (mid - lo)
        down = (hi - bins) / (hi - mid)
        fb[m] = torch.clamp(torch.minimum(up, down), min=0.0)
    return fb


class LogMel(nn.Module):
    """Power spectrum by a windowed-DFT Conv1d, then mel and log. No centre padding:
    frames = (samples - N_FFT) // HOP + 1, which keeps chunked streaming exact."""

    def __init__(self) -> None:
        super().__init__()
        n = torch.arange(N_FFT, dtype=torch.float64)
        window = 0.5 - 0.5 * torch.cos(2 * math.pi * n / N_FFT)
        k = torch.arange(N_FFT // 2 + 1, dtype=torch.float64).unsqueeze(1)
        ang = 2 * math.pi * k * n / N_FFT
        basis = torch.cat([torch.cos(ang) * window, -torch.sin(ang) * window], 0).float()
        self.register_buffer("basis", basis.unsqueeze(1))  # [2*bins, 1, N_FFT]
        self.register_buffer("mel", mel_filterbank(N_MELS, N_FFT, SAMPLE_RATE))  # [mels, bins]

    def forward(self, wave: torch.Tensor) -> torch.Tensor:  # [B, T] -> [B, mels, frames]
        spec = nn.functional.conv1d(wave.unsqueeze(1), self.basis, stride=HOP)
        bins = N_FFT // 2 + 1
        power = spec[:, :bins] ** 2 + spec[:, bins:] ** 2
        mel = torch.matmul(self.mel, power)
        return torch.log(mel + 1e-6)


class CtcModel(nn.Module):
    def __init__(self, hidden: int = 256, layers: int = 3, channels: int = 256, vocab: int = len(VOCAB)) -> None:
        super().__init__()
        self.features = LogMel()
        self.norm = nn.BatchNorm1d(N_MELS)
        self.conv = nn.Sequential(
            nn.Conv1d(N_MELS, channels, 5, stride=2, padding=2), nn.GELU(),
            nn.Conv1d(channels, channels, 5, stride=2, padding=2), nn.GELU(),
        )
        self.rnn = nn.GRU(channels, hidden, num_layers=layers, batch_first=True, bidirectional=True,
                          dropout=0.1)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(2 * hidden, vocab)
        self.config = {"hidden": hidden, "layers": layers, "channels": channels, "vocab": vocab}

    def featurise(self, wave: torch.Tensor) -> torch.Tensor:
        return self.norm(self.features(wave))

    def encode(self, feats: torch.Tensor) -> torch.Tensor:  # [B, mels, frames] -> logits [B, F, V]
        x = self.conv(feats).transpose(1, 2)
        x, _ = self.rnn(x)
        return self.head(self.dropout(x))

    def forward(self, wave: torch.Tensor) -> torch.Tensor:
        return self.encode(self.featurise(wave))


def output_frames(samples: torch.Tensor) -> torch.Tensor:
    frames = torch.div(samples - N_FFT, HOP, rounding_mode="floor") + 1
    for _ in range(2):
        frames = torch.div(frames - 1, 2, rounding_mode="floor") + 1
    return frames
