"""Coverage report per MBROLA voice speaking Latvian.

    /usr/bin/python3 scripts/train/mbrola/coverage.py --espeak work-train/espeak --text work-train/text \
        --out scripts/train/mbrola/COVERAGE.md [--sentences 150]

Picks a phonetically rich sample (greedy: each next sentence adds the most Latvian diphones not yet
covered), then for every voice
  1. the table: each Latvian phoneme, the voice phoneme(s) it becomes, and whether that is the
     intended sound (rank 0) or an approximation (the list's n-th choice);
  2. espeak-ng alone with the compiled table (`-v mb-lv-VOICE --pho`): the phoneme pairs the
     database never recorded (silent gaps; mbrola warns about some, others are aliased to silence);
  3. the training path (mbrola_speak.py: same table + diphone repair): what the repair did
     (swap = another realisation of the same phoneme, bridge = a 15 ms schwa-like vowel, pause =
     a 15 ms pause) and mbrola's remaining warnings. Target: 0.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latvian_map as LM  # noqa: E402
import mbrola_speak as S  # noqa: E402
import voices as V  # noqa: E402


_LATVIAN: dict[str, list] = {}


def latvian(espeak: Path, text: str) -> list:
    """The sentence's Latvian phones (identity voice), computed once and shared by every voice."""
    if text not in _LATVIAN:
        p = subprocess.run(["espeak-ng", "--path", str(espeak), "-v", "mb-lv-id", "-q", "--pho", text],
                           capture_output=True, text=True, check=True).stdout
        _LATVIAN[text] = S.parse_pho(p)
    return _LATVIAN[text]


def rich_sample(espeak: Path, lines: list[str], n: int) -> list[str]:
    phon = []  # one espeak-ng call per candidate: a .pho stream cannot be split back into sentences
    for t in lines:
        names = [ph.name for ph in latvian(espeak, t)]
        phon.append(set(zip(names, names[1:])) | set(names))
    covered: set = set()
    chosen = []
    for _ in range(min(n, len(lines))):
        best = max(range(len(lines)), key=lambda i: len(phon[i] - covered) if lines[i] not in chosen else -1)
        chosen.append(lines[best])
        covered |= phon[best]
    return chosen


def direct_gaps(espeak: Path, sp: S.Speaker, sample: list[str]) -> tuple[Counter, int]:
    """espeak-ng alone with the compiled table: adjacent pairs the database did not record (each is
    silence: mbrola either warns `X-Y unknown, replaced with _-_` or the database aliases the pair
    to `_-_` without a word), and mbrola's warnings."""
    pho = subprocess.run(["espeak-ng", "--path", str(espeak), "-v", f"mb-lv-{sp.voice}", "-q", "--pho"],
                         input="\n".join(sample), capture_output=True, text=True, check=True).stdout
    phones = S.parse_pho(pho)
    names = ["_"] + [p.name for p in phones] + ["_"]
    missing = Counter(f"{a}-{b}" for a, b in zip(names, names[1:]) if (a, b) not in sp.diphones)
    _, warn = sp.render(phones)
    return missing, len(warn)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--espeak", type=Path, required=True)
    ap.add_argument("--text", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--sentences", type=int, default=150)
    ap.add_argument("--pool", type=int, default=1500)
    args = ap.parse_args()
    pool = (args.text / "train.txt").read_text(encoding="utf-8").splitlines()[:: max(1, 40000 // args.pool)]
    sample = rich_sample(args.espeak, pool, args.sentences)
    words = sum(len(s.split()) for s in sample)
    held = set(V.heldout())
    rows, details, summary = [], [], {}
    for voice, info in V.all_voices().items():
        try:
            sp = S.Speaker(voice, args.espeak, info["sex"] == "F")
        except FileNotFoundError:
            continue
        direct, direct_warned = direct_gaps(args.espeak, sp, sample)
        counts: dict = {}
        # All sentences in one mbrola run (a pause between them): the warnings are the same.
        phones: list = []
        for t in sample:
            phones += sp.phones(t, counts, latvian=latvian(args.espeak, t)) + [S.Phone("_", 200)]
        _, w = sp.render(phones)
        warn_after = Counter(w)
        for pair, k in counts.get("gaps", {}).items():  # pairs the repair could not fix (silent even without a warning)
            warn_after[pair] = max(warn_after[pair], k)
        approx = {ph: sp.table.mapping[ph] for ph, r in sp.table.rank.items() if r > 0}
        summary[voice] = {"direct_gaps": sum(direct.values()), "direct_warned": direct_warned, "swap": counts.get("swap", 0),
                          "bridge": counts.get("bridge", 0), "pause": counts.get("pause", 0),
                          "gaps_after_repair": sum(warn_after.values()), "approximated": len(approx)}
        role = "held out" if voice in held else "training"
        rows.append(f"| {voice} | {info['sex']} | {info['language']} | {role} | {len(approx)} | {sum(direct.values())} ({direct_warned}) "
                    f"| {counts.get('swap', 0)} / {counts.get('bridge', 0)} / {counts.get('pause', 0)} "
                    f"| **{sum(warn_after.values())}** |")
        tab = ", ".join(f"`{ph}`→`{'+'.join(n)}`" + (f" ({LM.CANDIDATES[ph].index((n, p)) + 1}. choice)"
                                                       if (n, p) in LM.CANDIDATES[ph] else " (composed)")
                        for ph, (n, p) in approx.items())
        top = ", ".join(f"{k}×{v}" for k, v in direct.most_common(6))
        details.append(f"- **{voice}**: approximations: {tab or 'none'}. Gaps with espeak-ng alone: {top or 'none'}."
                       + (f" Left after repair: {dict(warn_after)}" if warn_after else ""))
        print(voice, summary[voice], flush=True)
    md = [
        "# MBROLA voices speaking Latvian: coverage report",
        "",
        f"Generated by `scripts/train/mbrola/coverage.py` on {len(sample)} phonetically rich sentences "
        f"({words} words, chosen greedily for Latvian diphone coverage from the training text). Unmapped Latvian phonemes: none for any voice (`latvian_map.resolve` fails rather than leave one out).",
        "",
        "Columns: *approx.* = Latvian phonemes given a realisation other than the first listed in `latvian_map.py` (often only the voice's own spelling of the same sound, e.g. lt1 `aa` for ā; otherwise the nearest sound it has, e.g. a short vowel for a long one, k + j for ķ) "
        "(listed below); *gaps, espeak-ng alone* = adjacent phoneme pairs the database never recorded when espeak-ng "
        "drives the voice with the compiled table (`espeak-ng --path DIR -v mb-lv-VOICE`): each is spoken as silence, "
        "either with mbrola's `X-Y unknown, replaced with _-_` warning (their number in brackets) or silently, where "
        "the database aliases the pair to `_-_`; "
        "*swap / bridge / pause* = what the training path's diphone repair did instead (another realisation of the "
        "same phoneme / a 15 ms schwa-like vowel between the two / a 15 ms pause); *gaps after repair* = mbrola's "
        "warnings on the training path (target 0).",
        "",
        "| voice | sex | recorded language | role | approx. | gaps, espeak-ng alone | swap / bridge / pause | gaps after repair |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "## Approximations per voice",
        "",
        *details,
        "",
    ]
    args.out.write_text("\n".join(md), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(summary, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
