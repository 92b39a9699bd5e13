"""The voice list (voices.tsv) and the held-out voices (heldout-voices.txt), read in one place."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rows(path: Path) -> list[list[str]]:
    return [l.split("\t") for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]


def all_voices() -> dict[str, dict]:
    return {r[0]: {"sex": r[1], "language": r[2]} for r in _rows(HERE / "voices.tsv")}


def heldout() -> list[str]:
    return [r[0].strip() for r in _rows(HERE / "heldout-voices.txt")]


def training() -> list[str]:
    held = set(heldout())
    return [v for v in all_voices() if v not in held]


def check_training(voices: list[str]) -> None:
    """Raises if a held-out voice is about to be trained on."""
    bad = sorted(set(voices) & set(heldout()))
    if bad:
        raise ValueError(f"held-out MBROLA voices must never be trained on: {', '.join(bad)}")
