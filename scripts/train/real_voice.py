"""Build test/fixtures/real-voice/ (real Latvian speakers, evaluation only) from two public
repositories fetched as git mirrors. Never train on what this writes.

    /usr/bin/python3 scripts/train/real_voice.py --cv-repo /work/.mirror/krsaulitis+latvian-speech-synthesis-2024/repo \
        --tilde-repo /work/.mirror/tilde-nlp+PIP3_1.3_MultiLingualASR/repo --out test/fixtures/real-voice [--every 4]

- common-voice/: the Common Voice Latvian clips (CC0) committed as examples in
  krsaulitis/latvian-speech-synthesis-2024 whose sentence that repository lists
  (data/sets/test/test_concatenated_w_phones.tsv): the raw recordings, resampled to 16 kHz.
- tilde-meetings/: every --every-th segment of tilde-nlp/PIP3_1.3_MultiLingualASR
  data/foreign_word_test (three 2023 research meetings, MIT licence), leaving out segments whose
  transcript has digits, acronyms or hyphens (their spoken form is not written down).
Writes manifest.jsonl (NeMo style: audio_filepath, text, duration, voice, condition) over both.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
from pathlib import Path


def git_show(repo: Path, rev_path: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{rev_path}"], capture_output=True, check=True).stdout


def head_commit(repo: Path) -> str:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()


def to_16k(data: bytes, out: Path) -> float:
    subprocess.run(["sox", "-q", "-t", "wav", "-", "-r", "16000", "-c", "1", "-b", "16", str(out)], input=data, check=True)
    return float(subprocess.run(["soxi", "-D", str(out)], capture_output=True, text=True, check=True).stdout)


def common_voice(repo: Path, out: Path) -> list[dict]:
    files = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True,
                           text=True, check=True).stdout.split()
    tsv = git_show(repo, "data/sets/test/test_concatenated_w_phones.tsv").decode("utf-8")
    sentences = {r["path"]: (r["sentence"], r["client_id"]) for r in csv.DictReader(io.StringIO(tsv), delimiter="\t")}
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (sentence, client) in sorted(sentences.items()):
        if not name.startswith("common_voice_lv_"):
            continue  # the same table lists an audiobook clip of unknown licence: not Common Voice
        # Prefer the unprocessed recording; the repository keeps it under .../raw/ (or as a conversion target).
        cands = [f for f in files if f.endswith("/" + name) and ("/raw/" in f or "/target/" in f)]
        if not cands:
            continue
        dur = to_16k(git_show(repo, cands[0]), out / name)
        rows.append({"audio_filepath": f"common-voice/{name}", "text": sentence, "duration": round(dur, 3),
                     "voice": f"cv-{client}", "condition": "common-voice", "source": cands[0]})
    return rows


SKIP = re.compile(r"[0-9A-Z]{1}[A-Z]|[0-9]|-")


def tilde(repo: Path, out: Path, every: int) -> list[dict]:
    text = git_show(repo, "data/foreign_word_test/text").decode("utf-8")
    scp = dict(l.split(maxsplit=1) for l in git_show(repo, "data/foreign_word_test/wav.scp").decode().splitlines() if l)
    utts = []
    for line in text.splitlines():
        if not line.strip():
            continue
        utt, words = line.split(maxsplit=1) if " " in line else (line, "")
        utts.append((utt, words.strip()))
    key = lambda u: (u[0].split(".wav-part_")[0], int(u[0].split("part_")[1]))  # noqa: E731
    utts.sort(key=key)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, (utt, words) in enumerate(utts):
        if i % every or not words or SKIP.search(words):
            continue
        meeting, part = key((utt, words))
        name = f"{meeting.split('_meeting')[0]}-part{part:03d}.wav"
        dur = to_16k(git_show(repo, "data/foreign_word_test/" + scp[utt].strip()), out / name)
        rows.append({"audio_filepath": f"tilde-meetings/{name}", "text": words.lower(), "duration": round(dur, 3),
                     "voice": f"meeting-{meeting.split('_2023')[0]}", "condition": "meeting"})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv-repo", type=Path, required=True)
    ap.add_argument("--tilde-repo", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--every", type=int, default=4)
    args = ap.parse_args()
    rows = common_voice(args.cv_repo, args.out / "common-voice") + tilde(args.tilde_repo, args.out / "tilde-meetings", args.every)
    with open(args.out / "manifest.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: v for k, v in r.items() if k != "source"}, ensure_ascii=False) + "\n")
    for group in ("common-voice", "meeting"):
        g = [r for r in rows if r["condition"] == group]
        print(f"{group}: {len(g)} clips, {sum(r['duration'] for r in g):.1f} s, "
              f"{len({r['voice'] for r in g})} speaker groups, {sum(len(r['text'].split()) for r in g)} words")
    print("commits:", head_commit(args.cv_repo), head_commit(args.tilde_repo))


if __name__ == "__main__":
    main()
