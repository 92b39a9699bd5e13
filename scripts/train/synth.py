"""Synthesise Latvian speech with espeak-ng for training and the held-out test.

Training audio goes to shards (<out>/shards/train-NNN.npz: int16 samples at
16 kHz, offsets, texts); the held-out test goes to WAV files with a NeMo-style
manifest (<out>/test/manifest.jsonl). Test voices are never used in training,
and a third of the test utterances get additive noise.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import time
import wave
import multiprocessing
from multiprocessing import Pool
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
# ESPEAK_DATA_PATH (the folder holding espeak-ng-data/) is honoured by espeak-ng itself;
# a relocated espeak-ng (e.g. carried to a GPU machine) sets it.
ESPEAK_DATA = Path(os.environ.get("ESPEAK_DATA_PATH", "/usr/lib/x86_64-linux-gnu")) / "espeak-ng-data"
VARIANT_DIR = ESPEAK_DATA / "voices" / "!v"
# Held out from training: the test measures voices the model never heard.
TEST_VARIANTS = ["klatt4", "m7", "f4", "Andy", "belinda", "iven3"]
# Too degraded to be useful speech for dictation.
SKIP_VARIANTS = {"Demonic", "UniRobot", "anikaRobot", "Mr serious", "whisper", "whisperf", "croak"}


def variants() -> tuple[list[str], list[str]]:
    allv = sorted(p.name for p in VARIANT_DIR.iterdir()) if VARIANT_DIR.is_dir() else []
    train = [v for v in allv if v not in TEST_VARIANTS and v not in SKIP_VARIANTS and " " not in v]
    return [""] + train, [v for v in TEST_VARIANTS if v in allv]


def speak(text: str, voice: str, rng: random.Random) -> np.ndarray:
    args = ["espeak-ng", "-v", f"lv+{voice}" if voice else "lv", "--stdout",
            "-s", str(rng.randint(125, 195)), "-p", str(rng.randint(20, 80)),
            "-g", str(rng.choice([0, 0, 1, 2, 4])), "-a", str(rng.randint(70, 125)), text]
    espeak = subprocess.Popen(args, stdout=subprocess.PIPE)
    # sox does the 22.05 -> 16 kHz conversion (high-quality polyphase) in C.
    raw = subprocess.run(["sox", "-q", "-t", "wav", "-", "-t", "raw", "-r", str(SAMPLE_RATE), "-e", "signed",
                          "-b", "16", "-c", "1", "-"], stdin=espeak.stdout, check=True, capture_output=True).stdout
    espeak.stdout.close()
    if espeak.wait() != 0:
        raise RuntimeError(f"espeak-ng failed for voice {voice!r}")
    y = np.frombuffer(raw, dtype=np.int16).astype(np.float64)
    lead = np.zeros(rng.randint(800, 4800))
    tail = np.zeros(rng.randint(800, 4800))
    return np.concatenate([lead, y, tail])


def coloured_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    kind = rng.integers(0, 3)
    white = rng.standard_normal(n)
    if kind == 0:
        return white
    spec = np.fft.rfft(white)
    f = np.arange(len(spec)) + 1.0
    spec /= np.sqrt(f) if kind == 1 else f  # pink or brown
    y = np.fft.irfft(spec, n)
    return y / (np.std(y) + 1e-9)


def add_noise(x: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    p = np.mean(x ** 2) + 1e-9
    noise = coloured_noise(len(x), rng)
    return x + noise * math.sqrt(p / (10 ** (snr_db / 10)))


def to_int16(x: np.ndarray) -> np.ndarray:
    peak = np.max(np.abs(x)) + 1e-9
    if peak > 32000:
        x = x * (32000 / peak)
    return np.round(x).astype(np.int16)


def _train_shard(job: tuple[int, list[str], list[str], int, str]) -> str:
    idx, texts, voices, seed, out = job
    rng = random.Random(seed * 1000 + idx)
    chunks, offsets, used = [], [0], []
    for t in texts:
        v = rng.choice(voices)
        chunks.append(to_int16(speak(t, v, rng)))
        offsets.append(offsets[-1] + len(chunks[-1]))
        used.append(v)
    path = Path(out) / f"train-{idx:03d}.npz"
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, audio=np.concatenate(chunks), offsets=np.array(offsets, dtype=np.int64),
             texts=np.array(texts), voices=np.array(used))
    os.replace(tmp, path)
    return path.name


def write_wav(path: Path, x: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(to_int16(x).tobytes())


def _test_utt(job: tuple[int, str, str, int, str]) -> dict:
    i, text, voice, seed, out = job
    rng = random.Random(seed * 7919 + i)
    nrng = np.random.default_rng(seed * 7919 + i)
    x = speak(text, voice, rng)
    condition = "clean"
    if i % 3 == 2:
        snr = float(nrng.choice([10.0, 15.0, 20.0]))
        x = add_noise(x, snr, nrng)
        condition = f"noise{int(snr)}dB"
    name = f"utt{i:04d}.wav"
    write_wav(Path(out) / "wavs" / name, x)
    return {"audio_filepath": f"wavs/{name}", "text": text, "duration": round(len(x) / SAMPLE_RATE, 3),
            "voice": voice or "lv", "condition": condition}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", type=Path, required=True, help="folder with train.txt and test.txt")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--shard-size", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N training lines")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--max-seconds", type=float, default=0,
                    help="stop starting new training shards after this long (finished shards are kept)")
    args = ap.parse_args()
    started = time.time()

    train_voices, test_voices = variants()
    train = (args.text / "train.txt").read_text(encoding="utf-8").split("\n")
    train = [t for t in train if t]
    if args.limit:
        train = train[: args.limit]
    test = [t for t in (args.text / "test.txt").read_text(encoding="utf-8").split("\n") if t]
    shards = args.out / "shards"
    shards.mkdir(parents=True, exist_ok=True)
    (args.out / "test" / "wavs").mkdir(parents=True, exist_ok=True)

    test_jobs = [(i, t, test_voices[i % len(test_voices)], args.seed, str(args.out / "test"))
                 for i, t in enumerate(test)]
    jobs = [(k, train[s:s + args.shard_size], train_voices, args.seed, str(shards))
            for k, s in enumerate(range(0, len(train), args.shard_size))]
    jobs = [j for j in jobs if not (shards / f"train-{j[0]:03d}.npz").exists()]
    with Pool(args.jobs) as pool:
        rows = pool.map(_test_utt, test_jobs, chunksize=8)
        with open(args.out / "test" / "manifest.jsonl", "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"test: {len(rows)} utterances, voices {test_voices}", flush=True)
        pending = [pool.apply_async(_train_shard, (j,)) for j in jobs]
        for res in pending:
            left = started + args.max_seconds - time.time() if args.max_seconds else None
            try:
                print(f"wrote {res.get(timeout=max(0.0, left) if left is not None else None)}", flush=True)
            except multiprocessing.TimeoutError:
                pool.terminate()  # unfinished shards leave only .tmp files, which readers skip
                print(f"time limit: stopped after {args.max_seconds:.0f} s", flush=True)
                break
    written = sorted(shards.glob("train-[0-9][0-9][0-9].npz"))
    meta = {"train_voices": train_voices, "test_voices": test_voices, "train_utterances": len(train),
            "train_shards_written": len(written), "train_shards_planned": len(jobs),
            "test_utterances": len(test), "seed": args.seed}
    (args.out / "synth-meta.json").write_text(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
