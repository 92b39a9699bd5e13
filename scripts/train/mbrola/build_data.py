"""Latvian speech from MBROLA voices: training shards (training voices only) and the held-out
"human-diphone" test set (the voices in heldout-voices.txt, never trained on).

    /usr/bin/python3 scripts/train/mbrola/build_data.py --espeak work-train/espeak --text work-train/text \
        --out work-train/mbrola --train 6000 --offset 4000 --test-per-voice 25 --jobs 1

Training: lines offset..offset+N of train.txt, each spoken by a random training voice with random
prosody (rate, pitch level for the voice's sex, intonation range, timing and pitch jitter, drift);
shards <out>/shards/train-NNN.npz like synth.py's (int16 16 kHz, offsets, texts, voices).
Test: <out>/test/manifest.jsonl + wavs/, clean, sentences from test.txt (voice k reads its own
slice), for `diktats eval --manifest` and train.py --test.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import wave
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mbrola_speak as S  # noqa: E402
import voices as V  # noqa: E402

_speakers: dict[str, S.Speaker] = {}


def speaker(voice: str, espeak: str) -> S.Speaker:
    if voice not in _speakers:
        _speakers[voice] = S.Speaker(voice, Path(espeak), V.all_voices()[voice]["sex"] == "F")
    return _speakers[voice]


def say(text: str, voice: str, espeak: str, rng: random.Random, counts: dict) -> np.ndarray:
    sp = speaker(voice, espeak)
    ph = sp.phones(text, counts, S.Prosody.sample(rng, sp.female), rng)
    y, warn = sp.render(ph)
    counts["mbrola_warnings"] = counts.get("mbrola_warnings", 0) + len(warn)
    lead = np.zeros(rng.randint(800, 4800), dtype=np.int16)
    tail = np.zeros(rng.randint(800, 4800), dtype=np.int16)
    return np.concatenate([lead, y, tail])


def _shard(job) -> dict:
    idx, texts, voices, seed, espeak, out = job
    path = Path(out) / f"train-{idx:03d}.npz"
    if path.exists():
        return {}
    rng = random.Random(seed * 1000 + idx)
    chunks, offsets, used, counts = [], [0], [], {}
    for t in texts:
        v = rng.choice(voices)
        chunks.append(say(t, v, espeak, rng, counts))
        offsets.append(offsets[-1] + len(chunks[-1]))
        used.append(v)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, audio=np.concatenate(chunks), offsets=np.array(offsets, dtype=np.int64),
             texts=np.array(texts), voices=np.array(used))
    os.replace(tmp, path)
    counts.pop("gaps", None)
    return counts


def _test(job) -> dict:
    i, text, voice, seed, espeak, out = job
    rng = random.Random(seed * 7919 + i)
    y = say(text, voice, espeak, rng, {})
    name = f"{voice}-{i:04d}.wav"
    with wave.open(str(Path(out) / "wavs" / name), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(S.SAMPLE_RATE)
        w.writeframes(y.tobytes())
    return {"audio_filepath": f"wavs/{name}", "text": text, "duration": round(len(y) / S.SAMPLE_RATE, 3),
            "voice": f"mbrola-{voice}", "condition": "clean"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--espeak", type=Path, required=True, help="folder made by build_voices.py")
    ap.add_argument("--text", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--train", type=int, default=6000)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--shard-size", type=int, default=250)
    ap.add_argument("--test-per-voice", type=int, default=25)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=4321)
    args = ap.parse_args()
    espeak = str(args.espeak.resolve())
    train_voices = [v for v in V.training() if (Path("/usr/share/mbrola") / v).exists()]
    V.check_training(train_voices)
    held = [v for v in V.heldout() if (Path("/usr/share/mbrola") / v).exists()]
    lines = [t for t in (args.text / "train.txt").read_text(encoding="utf-8").splitlines() if t]
    lines = lines[args.offset: args.offset + args.train]
    test = [t for t in (args.text / "test.txt").read_text(encoding="utf-8").splitlines() if t]
    (args.out / "shards").mkdir(parents=True, exist_ok=True)
    (args.out / "test" / "wavs").mkdir(parents=True, exist_ok=True)
    k = args.test_per_voice
    test_jobs = [(j * k + i, test[(j * k + i) % len(test)], v, args.seed, espeak, str(args.out / "test"))
                 for j, v in enumerate(held) for i in range(k)]
    jobs = [(n, lines[s:s + args.shard_size], train_voices, args.seed, espeak, str(args.out / "shards"))
            for n, s in enumerate(range(0, len(lines), args.shard_size))]
    totals: dict = {}
    with Pool(args.jobs) as pool:
        if not (args.out / "test" / "manifest.jsonl").exists():
            rows = pool.map(_test, test_jobs, chunksize=4)
            with open(args.out / "test" / "manifest.jsonl", "w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            print(f"test: {len(rows)} utterances by held-out voices {held}", flush=True)
        for c in pool.imap(_shard, jobs):
            for key, val in c.items():
                totals[key] = totals.get(key, 0) + val
            print(f"shard done; repairs so far {totals}", flush=True)
    meta = {"train_voices": train_voices, "heldout_voices": held, "train_utterances": len(lines),
            "offset": args.offset, "test_utterances": len(test_jobs), "repairs": totals, "seed": args.seed}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1))
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
