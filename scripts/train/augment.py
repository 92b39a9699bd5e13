"""Waveform augmentation for human variability, one utterance at a time (numpy, 16 kHz float in -1..1).

Every step can be switched off by name (train.py --aug-off speed,codec,...) so an ablation can run:

  speed     speed perturbation 0.9-1.1 (tempo and pitch together, as Kaldi's 3-way perturbation)
  tremor    slow amplitude (3-8 Hz) and frequency (vibrato, 4-7 Hz) modulation: tremulous voices
  jitter    cycle-scale random time warping: rough, irregular voicing
  room      synthetic room impulse response: early reflections + exponentially decaying tail (RT60 0.1-0.9 s)
  mic       microphone/channel colouring: random low cut, tilt and two peaking bands
  phone     telephone band (300-3400 Hz), and with half of those a GSM 06.10 8 kHz round trip through sox
  babble    2-5 other utterances mixed in at 5-20 dB below the speech
  office    office noise: HVAC hum and rumble, keyboard clicks, pink noise, at 5-30 dB SNR
  noise     white/pink/brown noise at 3-30 dB SNR (v2's recipe)
  level     gain -20...+6 dB, occasionally clipped

Pitch and intonation are varied where the speech is made (mbrola_speak.Prosody, espeak-ng -p), and
vocal-tract-length perturbation is applied to the log-mel features in train.py (vtlp_features),
because the features are computed inside the model.
"""
from __future__ import annotations

import shutil
import subprocess

import numpy as np

SR = 16000
STEPS = ("speed", "tremor", "jitter", "room", "mic", "phone", "babble", "office", "noise", "level")
# Probability of each step per utterance.
PROB = {"speed": 0.6, "tremor": 0.15, "jitter": 0.15, "room": 0.35, "mic": 0.5, "phone": 0.12,
        "babble": 0.15, "office": 0.2, "noise": 0.35, "level": 1.0}


def _resample(x: np.ndarray, pos: np.ndarray) -> np.ndarray:
    return np.interp(pos, np.arange(len(x)), x)


def speed(x: np.ndarray, factor: float) -> np.ndarray:
    """factor > 1: faster and higher."""
    n = max(1, int(len(x) / factor))
    return _resample(x, np.arange(n) * factor)


def tremor(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(len(x)) / SR
    am = 1 + rng.uniform(0.05, 0.3) * np.sin(2 * np.pi * rng.uniform(3, 8) * t + rng.uniform(0, 6.28))
    # Vibrato: the read position oscillates, so pitch and formants wobble by up to ~1.5 %.
    f = rng.uniform(4, 7)
    depth = rng.uniform(0.003, 0.015) * SR / (2 * np.pi * f)
    pos = np.clip(np.arange(len(x)) + depth * np.sin(2 * np.pi * f * t), 0, len(x) - 1)
    return _resample(x, pos) * am


def jitter(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random time warp with ~5 ms correlation: local period irregularity of 1-4 %."""
    n = len(x)
    knots = max(2, n // 80)
    rate = 1 + rng.normal(0, rng.uniform(0.01, 0.04), knots)
    rate = np.interp(np.arange(n), np.linspace(0, n - 1, knots), rate)
    pos = np.cumsum(rate)
    pos = (pos - pos[0]) * (n - 1) / max(1e-9, pos[-1] - pos[0])
    return _resample(x, pos)


def room_ir(rng: np.random.Generator) -> np.ndarray:
    rt60 = rng.uniform(0.1, 0.9)
    n = int(SR * min(1.0, rt60 * 1.2))
    t = np.arange(n) / SR
    tail = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    tail[: int(SR * rng.uniform(0.003, 0.02))] = 0.0  # gap before the diffuse tail
    ir = tail * rng.uniform(0.05, 0.35)
    ir[0] = 1.0
    for _ in range(rng.integers(3, 9)):  # early reflections (walls, desk)
        d = int(SR * rng.uniform(0.001, 0.03))
        ir[d] += rng.uniform(-0.6, 0.6)
    return ir


def fft_filter(x: np.ndarray, gain_of_hz) -> np.ndarray:
    n = 1 << (len(x) - 1).bit_length()
    spec = np.fft.rfft(x, n)
    f = np.fft.rfftfreq(n, 1 / SR)
    return np.fft.irfft(spec * gain_of_hz(f), n)[: len(x)]


def convolve(x: np.ndarray, ir: np.ndarray) -> np.ndarray:
    n = 1 << (len(x) + len(ir) - 1).bit_length()
    y = np.fft.irfft(np.fft.rfft(x, n) * np.fft.rfft(ir, n), n)[: len(x)]
    return y * (np.abs(x).max() / (np.abs(y).max() + 1e-9))


def mic(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    cut = rng.uniform(50, 250)
    tilt = rng.uniform(-4, 4)  # dB per octave around 1 kHz
    bands = [(rng.uniform(300, 6000), rng.uniform(-8, 8), rng.uniform(0.5, 2.0)) for _ in range(2)]

    def gain(f):
        g = 1 / np.sqrt(1 + (cut / np.maximum(f, 1.0)) ** 4)
        g = g * 10 ** (tilt * np.log2(np.maximum(f, 20) / 1000) / 20)
        for fc, db, oct_w in bands:
            g = g * 10 ** (db * np.exp(-0.5 * (np.log2(np.maximum(f, 20) / fc) / (oct_w / 2)) ** 2) / 20)
        return g
    return fft_filter(x, gain)


def telephone(x: np.ndarray, rng: np.random.Generator, codec: bool) -> np.ndarray:
    lo, hi = rng.uniform(250, 400), rng.uniform(3000, 3500)
    y = fft_filter(x, lambda f: ((f >= lo) & (f <= hi)).astype(float))
    if codec and shutil.which("sox"):
        y = gsm_round_trip(y)
    return y


def gsm_round_trip(x: np.ndarray) -> np.ndarray:
    """16 kHz -> 8 kHz GSM 06.10 -> 16 kHz through sox (the codec of mobile calls)."""
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
    common = ["-t", "raw", "-e", "signed", "-b", "16", "-c", "1"]
    gsm = subprocess.run(["sox", "-q", *common, "-r", str(SR), "-", "-r", "8000", "-t", "gsm", "-"],
                         input=pcm, capture_output=True, check=True).stdout
    back = subprocess.run(["sox", "-q", "-t", "gsm", "-r", "8000", "-", *common, "-r", str(SR), "-"],
                          input=gsm, capture_output=True, check=True).stdout
    y = np.frombuffer(back, dtype="<i2").astype(np.float64) / 32768.0
    out = np.zeros(len(x))
    out[: min(len(x), len(y))] = y[: len(x)]
    return out


def coloured(n: int, rng: np.random.Generator, tilt: float) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    spec /= (np.arange(len(spec)) + 1.0) ** (tilt / 2)
    y = np.fft.irfft(spec, n)
    return y / (y.std() + 1e-9)


def office(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / SR
    hum_f = rng.choice([50.0, 60.0])
    hum = sum(rng.uniform(0, 0.5) / k * np.sin(2 * np.pi * hum_f * k * t + rng.uniform(0, 6.28)) for k in (1, 2, 3))
    y = coloured(n, rng, 1.0) + rng.uniform(0.5, 2.0) * coloured(n, rng, 2.0) + hum
    clicks = np.zeros(n)
    rate = rng.uniform(0, 6)  # keystrokes per second
    for _ in range(rng.poisson(rate * n / SR)):
        at = rng.integers(0, max(1, n - 400))
        k = rng.standard_normal(400) * np.exp(-np.arange(400) / rng.uniform(20, 80))
        clicks[at: at + 400] += k * rng.uniform(3, 12)
    y = y + clicks
    return y / (y.std() + 1e-9)


def mix_at_snr(x: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    p = np.mean(x ** 2) + 1e-12
    pn = np.mean(noise ** 2) + 1e-12
    return x + noise * np.sqrt(p / pn / 10 ** (snr_db / 10))


def augment(x: np.ndarray, rng: np.random.Generator, off: frozenset = frozenset(),
            others: list[np.ndarray] | None = None, prob: dict | None = None) -> np.ndarray:
    """One utterance through the enabled steps. `others`: other utterances for babble."""
    p = {**PROB, **(prob or {})}
    on = lambda step: step not in off and rng.random() < p[step]  # noqa: E731
    x = np.asarray(x, dtype=np.float64)
    if on("speed"):
        x = speed(x, rng.uniform(0.9, 1.1))
    if on("tremor"):
        x = tremor(x, rng)
    if on("jitter"):
        x = jitter(x, rng)
    if on("room"):
        x = convolve(x, room_ir(rng))
    if on("mic"):
        x = mic(x, rng)
    if on("babble") and others:
        b = np.zeros(len(x))
        for _ in range(rng.integers(2, 6)):
            o = others[rng.integers(0, len(others))]
            if len(o) == 0:
                continue
            s = rng.integers(0, max(1, len(o) - len(x)))
            seg = np.resize(o[s: s + len(x)], len(x))
            b += seg / (seg.std() + 1e-9)
        x = mix_at_snr(x, b, rng.uniform(5, 20))
    if on("office"):
        x = mix_at_snr(x, office(len(x), rng), rng.uniform(5, 30))
    if on("noise"):
        x = mix_at_snr(x, coloured(len(x), rng, float(rng.choice([0.0, 1.0, 2.0]))), rng.uniform(3, 30))
    if on("phone"):  # after the noise: the noisy room goes down the line
        x = telephone(x, rng, codec=rng.random() < 0.5)
    if on("level"):
        peak = np.abs(x).max() + 1e-9
        x = x / peak * 10 ** (rng.uniform(-20, 0) / 20)
        if rng.random() < 0.05:
            x = np.clip(x * 10 ** (rng.uniform(3, 8) / 20), -1, 1)
    return np.clip(x, -1.0, 1.0).astype(np.float32)


def vtlp_features(feats, alpha: float):
    """Vocal-tract-length perturbation on log-mel features [C, T] (torch or numpy): the mel axis is
    stretched by `alpha` (0.9-1.1; > 1 = shorter vocal tract, formants move up)."""
    import torch
    C = feats.shape[0]
    src = torch.clamp(torch.arange(C, dtype=torch.float32) / alpha, 0, C - 1)
    lo = src.floor().long()
    hi = torch.clamp(lo + 1, max=C - 1)
    w = (src - lo.float()).unsqueeze(-1)
    return feats[lo] * (1 - w) + feats[hi] * w
