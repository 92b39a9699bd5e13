"""Latvian through an MBROLA voice: espeak-ng's `lv` phonemes, timing and pitch (.pho) -> the
voice's phonemes (latvian_map) -> diphone-gap repair -> prosody variation -> mbrola -> 16 kHz.

espeak-ng is asked for a .pho with an identity table (voice `mb-lv-id` in the local data dir built
by build_voices.py), so the Latvian phoneme names arrive unchanged and the mapping, the repair and
the prosody are done here, where they can be counted. The compiled per-voice tables
(`mb-lv-VOICE`) give the same phonemes straight from espeak-ng, without the repair.
"""
from __future__ import annotations

import os
import random
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import latvian_map as LM
import mbrola_db

SAMPLE_RATE = 16000
UNKNOWN = re.compile(r"(\S+)-(\S+) unknown")
FATAL = re.compile(r"Unknown recovery for (\S+)-(\S+) segment")


@dataclass
class Phone:
    name: str
    dur: float
    pitch: list[tuple[float, float]] = field(default_factory=list)  # (percent, Hz)
    src: str = ""  # Latvian phoneme it came from


def parse_pho(text: str) -> list[Phone]:
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2 or line.startswith(";"):
            continue
        nums = [float(x) for x in parts[2:]]
        out.append(Phone(parts[0], float(parts[1]), list(zip(nums[0::2], nums[1::2])), parts[0]))
    return out


def write_pho(phones: list[Phone]) -> str:
    rows = []
    for p in phones:
        pts = " ".join(f"{pc:.0f} {hz:.0f}" for pc, hz in p.pitch)
        rows.append(f"{p.name} {max(1, round(p.dur))} {pts}".rstrip())
    return "\n".join(rows) + "\n"


def _split_pitch(pitch, pct: int):
    first = [(pc * 100 / pct, hz) for pc, hz in pitch if pc <= pct]
    second = [((pc - pct) * 100 / (100 - pct), hz) for pc, hz in pitch if pc >= pct]
    return first, second


def map_phones(lv: list[Phone], table: LM.VoiceTable) -> list[Phone]:
    out: list[Phone] = []
    i = 0
    while i < len(lv):
        p = lv[i]
        nxt = lv[i + 1].name if i + 1 < len(lv) else None
        if p.name == "D" and nxt in table.affricates:
            q = lv[i + 1]
            out.append(Phone(table.affricates[nxt], p.dur + q.dur, q.pitch, "D" + nxt))
            i += 2
            continue
        if p.name not in table.mapping:
            raise KeyError(f"Latvian phoneme {p.name!r} has no entry in CANDIDATES")
        names, pct = table.mapping[p.name]
        if len(names) == 1:
            out.append(Phone(names[0], p.dur, p.pitch, p.name))
        else:
            a, b = _split_pitch(p.pitch, pct)
            out.append(Phone(names[0], p.dur * pct / 100, a, p.name))
            out.append(Phone(names[1], p.dur * (100 - pct) / 100, b, p.name))
        i += 1
    return out


def alternatives(src: str, name: str, usable: set[str]) -> list[str]:
    """Other single-phoneme realisations of the same Latvian phoneme that the voice has; for one
    part of a two-part realisation (the `i` of `ie` -> i + e), those of the Latvian phoneme with
    that part's name too."""
    key = "z`" if src.startswith("D") and src.endswith("z`") else ("Z`" if src.startswith("DZ") else src)
    out = []
    for k in (key, name):
        for n, _ in LM.CANDIDATES.get(k, []):
            if len(n) == 1 and n[0] in usable and n[0] != name and n[0] not in out:
                out.append(n[0])
    return out


BRIDGES = ["@", "e", "i", "a", "E", "I", "_"]


def repair(phones: list[Phone], diphones: set[tuple[str, str]], usable: set[str], counts: dict) -> list[Phone]:
    """Makes every adjacent pair a diphone the voice has: swap in another realisation of the same
    Latvian phoneme, else insert a 15 ms bridge (a schwa-like vowel; a pause only as a last resort).
    Counts what it did in `counts`."""
    out = list(phones)
    i = 0
    while i + 1 < len(out):
        a, b = out[i], out[i + 1]
        if (a.name, b.name) in diphones:
            i += 1
            continue
        after = out[i + 2].name if i + 2 < len(out) else None
        before = out[i - 1].name if i > 0 else None
        fixed = False
        alts = [x for x in alternatives(b.src, b.name, usable) if (a.name, x) in diphones]
        # Best an alternative that also joins the next phone; else fix this pair and let the
        # next step look at the following one.
        alts.sort(key=lambda x: 0 if after is None or (x, after) in diphones else 1)
        if alts:
            counts["swap"] = counts.get("swap", 0) + 1
            out[i + 1] = Phone(alts[0], b.dur, b.pitch, b.src)
            fixed = True
        if not fixed:
            for alt in alternatives(a.src, a.name, usable):
                if (alt, b.name) in diphones and (before is None or (before, alt) in diphones):
                    counts["swap"] = counts.get("swap", 0) + 1
                    out[i] = Phone(alt, a.dur, a.pitch, a.src)
                    fixed = True
                    break
        if not fixed:
            for br in BRIDGES:
                if br in usable and (a.name, br) in diphones and (br, b.name) in diphones:
                    kind = "pause" if br == "_" else "bridge"
                    counts[kind] = counts.get(kind, 0) + 1
                    take = min(15.0, 0.3 * a.dur)
                    a.dur -= take
                    out.insert(i + 1, Phone(br, max(take, 8.0), [], "bridge"))
                    fixed = True
                    i += 1
                    break
        if not fixed:
            counts["gap"] = counts.get("gap", 0) + 1
            counts.setdefault("gaps", {}).setdefault(f"{a.name}-{b.name}", 0)
            counts["gaps"][f"{a.name}-{b.name}"] += 1
        i += 1
    return out


@dataclass
class Prosody:
    """Utterance-level prosody: speaking rate, pitch level and range, per-phone timing and pitch jitter."""
    rate: float = 1.0          # duration scale (> 1 slower)
    f0: float = 0.0            # target median pitch in Hz (0: keep espeak's)
    range: float = 1.0         # intonation range around the median (log domain)
    dur_jitter: float = 0.0    # relative std of per-phone durations
    f0_jitter: float = 0.0     # relative std of per-point pitch
    drift: float = 0.0         # slow pitch drift amplitude (relative)

    @staticmethod
    def sample(rng: random.Random, female: bool) -> "Prosody":
        return Prosody(rate=rng.uniform(0.85, 1.3), f0=rng.uniform(165, 250) if female else rng.uniform(85, 140),
                       range=rng.uniform(0.5, 1.8), dur_jitter=rng.uniform(0.0, 0.2),
                       f0_jitter=rng.uniform(0.0, 0.04), drift=rng.uniform(0.0, 0.12))


def apply_prosody(phones: list[Phone], pr: Prosody, rng: random.Random) -> list[Phone]:
    pts = [hz for p in phones for _, hz in p.pitch if hz > 0]
    med = float(np.median(pts)) if pts else 100.0
    target = pr.f0 or med
    total = sum(p.dur for p in phones) or 1.0
    t = 0.0
    phase = rng.uniform(0, 6.283)
    out = []
    for p in phones:
        d = p.dur * pr.rate * max(0.5, 1 + rng.gauss(0, pr.dur_jitter)) if p.name != "_" else p.dur * pr.rate
        new = []
        for pc, hz in p.pitch:
            rel = (t + p.dur * pc / 100) / total
            f = target * (hz / med) ** pr.range
            f *= 1 + pr.drift * np.sin(2 * np.pi * 1.3 * rel + phase) + rng.gauss(0, pr.f0_jitter)
            new.append((pc, float(np.clip(f, 50, 400))))
        t += p.dur
        out.append(Phone(p.name, d, new, p.src))
    return out


class Speaker:
    """One MBROLA voice speaking Latvian. `espeak_path` is the folder holding the local
    espeak-ng-data/ made by build_voices.py (with the identity voice mb-lv-id)."""

    def __init__(self, voice: str, espeak_path: Path, female: bool) -> None:
        self.voice, self.espeak_path, self.female = voice, espeak_path, female
        self.db = mbrola_db.database_path(voice)
        self.diphones = mbrola_db.read_diphones(self.db)
        self.usable = mbrola_db.phonemes(self.diphones) - LM.AVOID.get(voice, set())
        self.table = LM.resolve(voice, mbrola_db.phonemes(self.diphones), self.diphones)

    def latvian_pho(self, text: str) -> list[Phone]:
        r = subprocess.run(["espeak-ng", "--path", str(self.espeak_path), "-v", "mb-lv-id", "-q", "--pho", text],
                           capture_output=True, text=True, check=True)
        return parse_pho(r.stdout)

    def phones(self, text: str, counts: dict, prosody: Prosody | None = None, rng: random.Random | None = None,
               fix: bool = True, latvian: list[Phone] | None = None) -> list[Phone]:
        """`latvian`: the sentence's Latvian phones when already known (they do not depend on the voice)."""
        lv = latvian if latvian is not None else self.latvian_pho(text)
        ph = map_phones([Phone(p.name, p.dur, list(p.pitch), p.src) for p in lv], self.table)
        if fix:
            ph = repair(ph, self.diphones, self.usable, counts)
        if prosody is not None:
            ph = apply_prosody(ph, prosody, rng or random.Random(0))
        return ph

    def render(self, phones: list[Phone]) -> tuple[np.ndarray, list[str]]:
        """mbrola -> 16 kHz int16 samples, and mbrola's `X-Y unknown` warnings."""
        with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as tmp:
            pho = Path(tmp) / "in.pho"
            wav = Path(tmp) / "out.wav"
            pho.write_text("_ 20\n" + write_pho(phones) + "_ 20\n", encoding="ascii")
            # Without -e mbrola reports each missing diphone (`X-Y unknown, replaced with _-_`);
            # -e would silence the report. Every phoneme sent is in the voice, so none is fatal.
            r = subprocess.run(["mbrola", str(self.db), str(pho), str(wav)], capture_output=True, text=True)
            warnings = UNKNOWN.findall(r.stderr + r.stdout)
            if r.returncode != 0:
                # A missing diphone mbrola cannot even replace is fatal without -e: count it, go on with -e.
                warnings += FATAL.findall(r.stderr + r.stdout)
                r = subprocess.run(["mbrola", "-e", str(self.db), str(pho), str(wav)], capture_output=True, text=True)
            if r.returncode != 0 or not wav.exists():
                raise RuntimeError(f"mbrola {self.voice} failed: {r.stderr[-300:]}")
            raw = subprocess.run(["sox", "-q", str(wav), "-t", "raw", "-r", str(SAMPLE_RATE), "-e", "signed",
                                  "-b", "16", "-c", "1", "-"], capture_output=True, check=True).stdout
        return np.frombuffer(raw, dtype=np.int16), [f"{a}-{b}" for a, b in warnings]
