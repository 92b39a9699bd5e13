"""Latvian espeak-ng phonemes -> a given MBROLA voice's phonemes.

espeak-ng's `lv` phonemiser names Latvian sounds with its own mnemonics (`a:` ā, `ie`, `uo`, `c` ķ,
`J` ģ, `l^` ļ, `n^` ņ, `D`+`z\`` dz, `D`+`Z\`` dž, `R` trilled r, ...). Each voice has its own
inventory (SAMPA-like, but every database spells it its own way: Lithuanian `aa`/`ii`, German `aI`,
Croatian `L` for ļ, Spanish `J` for ņ ...). For each Latvian phoneme CANDIDATES lists realisations
from the closest to the roughest; a realisation is one voice phoneme, or two with the share of the
duration the first one takes (a diphthong as two vowels, ķ as k + j). The table of a voice takes,
per Latvian phoneme, the first realisation whose phonemes the voice has; the last resort of every
list is a sound every voice has, so no phoneme is ever left unmapped (silence).
"""
from __future__ import annotations

from dataclasses import dataclass

Real = tuple[tuple[str, ...], int]  # (voice phonemes, percent of the duration for the first one)


def one(*names: str) -> list[Real]:
    return [((n,), 0) for n in names]


def two(a: str, b: str, pct: int = 50) -> Real:
    return ((a, b), pct)


# Latvian phoneme -> realisations, best first. "approx" notes say what each fallback gives up.
CANDIDATES: dict[str, list[Real]] = {
    "_": one("_"),
    ">": one("_"),                       # espeak's closure before a word-initial stop: a short pause
    "a": one("a", "A", "a:", "6", "O"),
    "a`": one("a", "A", "a:", "6", "O"),
    "a:": one("a:", "aa", "A:", "a", "A", "O"),  # length comes from espeak's duration either way
    "e": one("e", "E", "e:", "ee"),
    "E": one("E", "e", "{", "E:"),
    "e:": one("e:", "ee", "E:", "e", "E"),
    "E:": one("E:", "{:", "ea", "e:", "E", "e"),
    "i": one("i", "I", "i:", "ii"),
    "i:": one("i:", "ii", "i", "I"),
    "o": one("o", "O", "o:", "oo", "O:"),
    "o`": one("o", "O", "o:"),
    "o:": one("o:", "oo", "O:", "o", "O"),
    "u": one("u", "U", "u0", "u:", "uu"),
    "u:": one("u:", "uu", "u", "U"),
    "ie": one("ie") + [two("i", "e"), two("i", "E"), two("I", "e"), two("i:", "e:"), two("i", "@")],
    "uo": one("uo") + [two("u", "o"), two("u", "O"), two("U", "O"), two("u:", "o:"), two("u0", "o:")],
    "uo`": one("uo") + [two("u", "o"), two("u", "O"), two("U", "O"), two("u:", "o:"), two("u0", "o:")],
    "ai": one("aI", "ai") + [two("a", "i", 60), two("a", "j", 60), two("a", "I", 60), two("A", "I", 60)],
    "au": one("aU", "au", "Au") + [two("a", "u", 60), two("a", "w", 60), two("a", "U", 60), two("A", "U", 60)],
    "ei": one("ei", "eI", "EI", "Ei") + [two("e", "i", 60), two("e", "j", 60), two("E", "I", 60), two("E", "j", 60)],
    "ui": one("ui") + [two("u", "i", 60), two("u", "j", 60), two("U", "I", 60), two("u:", "i:", 60)],
    "p": one("p"), "b": one("b"), "t": one("t"), "d": one("d"), "k": one("k"), "g": one("g", "G"),
    "m": one("m"), "m-": one("m"), "n": one("n"), "n-": one("n"),
    "l": one("l"), "l-": one("l"),
    "f": one("f"), "s": one("s"), "z": one("z", "s"), "z-": one("z", "s"),
    "v": one("v", "w", "b", "f"),
    "j": one("j", "jj", "i"),
    "h": one("h", "h\\", "x", "C", "R"),
    "R": one("r", "rr", "r\\", "R"),
    "N": one("N", "ng", "n"),
    "S": one("S", "s'", "sh", "s"),
    "Z": one("Z", "z'", "S", "z", "s"),
    "ts": one("ts") + [two("t", "s", 40)],
    "tS": one("tS") + [two("t", "S", 40), ((("ts",), 0)), two("t", "s", 40)],
    # dz, dž: espeak writes a closure `D` then `z\``/`Z\``; see AFFRICATES.
    "D": one("d"),
    "z`": one("z", "s"),
    "Z`": one("Z", "z'", "z", "s"),
    # Latvian palatals: ķ [c], ģ [ɟ], ļ [ʎ], ņ [ɲ]. Never pass `J` through: in most voices it is ɲ.
    "c": one("c", "k'", "t'", "tS'", "ts'") + [two("k", "j", 60), two("t", "j", 60), two("k", "jj", 60), two("k", "i", 70), ((("k",), 0))],
    "J": one("J\\", "g'", "d'", "dZ'", "dz'") + [two("g", "j", 60), two("d", "j", 60), two("G", "j", 60), two("g", "jj", 60), two("g", "i", 70), ((("g",), 0))],
    "l^": one("l'", "L", "gl") + [two("l", "j", 60), two("l", "jj", 60), two("l", "i", 70), ((("l",), 0))],
    "n^": one("n'", "J", "nj", "gn") + [two("n", "j", 60), two("n", "jj", 60), two("n", "i", 70), ((("n",), 0))],
}

# `D` + `z\`` (dz) and `D` + `Z\`` (dž): one affricate where the voice has it.
AFFRICATES = {"z`": ["dz", "dz'"], "Z`": ["dZ", "dZ'"]}

# Voice phonemes that a voice spells like a SAMPA symbol but that mean another sound there.
AVOID: dict[str, set[str]] = {
    "de4": {"L", "R"},                       # syllabic l; uvular r when a trilled r exists
    "cz1": {"N"},
    "gr2": {"L", "N", "J", "G", "R"},        # Greek ʎ/ɲ before front vowels, ɣ; r is `r`
}


@dataclass
class VoiceTable:
    voice: str
    mapping: dict[str, Real]      # Latvian phoneme -> realisation
    rank: dict[str, int]          # index of the realisation in CANDIDATES (0 = the intended sound)
    affricates: dict[str, str]    # `z\``/`Z\`` after `D` -> voice affricate (D then dropped)


def coverage(names: tuple[str, ...], usable: set[str], diphones: set[tuple[str, str]]) -> float:
    """Share of the voice's phonemes that can precede the first part and follow the last."""
    if not diphones:
        return 1.0
    n = sum((x, names[0]) in diphones for x in usable) + sum((names[-1], x) in diphones for x in usable)
    return n / (2 * len(usable))


def resolve(voice: str, inventory: set[str], diphones: set[tuple[str, str]] | None = None,
            min_coverage: float = 0.9) -> VoiceTable:
    """Per Latvian phoneme the first realisation the voice has whose diphones join at least
    `min_coverage` of its phonemes (a recorded diphthong like de5's `eI` may join few consonants);
    if none does, the best-joined one."""
    avoid = AVOID.get(voice, set())
    usable = inventory - avoid
    diphones = {d for d in (diphones or set()) if d[0] in usable and d[1] in usable}
    mapping, rank = {}, {}
    pending = []
    for ph, options in CANDIDATES.items():
        have = [(i, names, pct) for i, (names, pct) in enumerate(options) if all(n in usable for n in names)]
        if not have:
            pending.append(ph)
            continue
        good = [h for h in have if coverage(h[1], usable, diphones) >= min_coverage]
        i, names, pct = good[0] if good else max(have, key=lambda h: coverage(h[1], usable, diphones))
        mapping[ph], rank[ph] = (names, pct), i
    # Second pass: a two-part realisation whose parts are Latvian phonemes the voice lacks
    # (hu1 has no short `a`) uses the voice's own realisation of each part.
    for ph in pending:
        for i, (names, pct) in enumerate(CANDIDATES[ph]):
            parts = [n if n in usable else (mapping.get(n, ((None,), 0))[0][0] if len(mapping.get(n, ((None,), 0))[0]) == 1 else None)
                     for n in names]
            if all(p is not None and p in usable for p in parts):
                mapping[ph], rank[ph] = (tuple(parts), pct), i + 100
                break
        else:
            raise ValueError(f"{voice}: no realisation of Latvian {ph!r} in its inventory")
    aff = {}
    for ph, names in AFFRICATES.items():
        for n in names:
            if n in usable:
                aff[ph] = n
                break
    return VoiceTable(voice, mapping, rank, aff)


def espeak_source(table: VoiceTable) -> str:
    """The table in espeak-ng's `--compile-mbrola` source format:
    control, espeak phoneme, next/previous phoneme or NULL, percent, mbrola phoneme(s)."""
    lines = [f"// Latvian (espeak-ng lv) -> MBROLA {table.voice}; generated by scripts/train/mbrola/build_voices.py"]
    for ph, mb in table.affricates.items():
        lines.append(f"0 D {ph} 0 NULL")               # drop the closure before the affricate...
        lines.append(f"2 {ph} D 0 {mb}")               # ...and say the affricate (bit 1: previous phoneme)
    for ph, (names, pct) in table.mapping.items():
        if len(names) == 1:
            lines.append(f"0 {ph} NULL 0 {names[0]}")
        else:
            lines.append(f"0 {ph} NULL {pct} {names[0]} {names[1]}")
    return "\n".join(lines) + "\n"
