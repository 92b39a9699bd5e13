"""Read the diphone index of an MBROLA database (the list of left-right phoneme pairs it holds).

MBROLA 2.x databases start with "MBROLA" and a 5-character version, a 16-bit diphone count and a
few header fields, then one index entry per diphone: left name NUL, right name NUL, a 16-bit
half-segment position and two 8-bit frame counts. The header length differs between versions, so
the index start is found by trying the offsets after the count and keeping the first at which every
entry parses as two short printable names.
"""
from __future__ import annotations

import struct
from pathlib import Path

MBROLA_ROOT = Path("/usr/share/mbrola")


def database_path(voice: str, root: Path = MBROLA_ROOT) -> Path:
    for p in (root / voice / voice, root / voice):
        if p.is_file():
            return p
    raise FileNotFoundError(f"MBROLA voice {voice!r} is not installed (apt-get install mbrola-{voice})")


def _names(data: bytes, pos: int, k: int) -> tuple[list[str], int] | None:
    out = []
    for _ in range(k):
        end = data.find(b"\0", pos, pos + 12)
        if end <= pos or not all(33 <= b < 127 for b in data[pos:end]):
            return None
        out.append(data[pos:end].decode("ascii"))
        pos = end + 1
    return out, pos


def _parse_index(data: bytes, start: int, count: int) -> list[tuple[str, str]] | None:
    """Recorded diphones (two names + 4 bytes) come first, then aliases (four names: an existing
    pair, then the new pair that reuses it). The split is where the aliases parse to the end."""
    pos, starts, out = start, [], []
    for _ in range(count):
        got = _names(data, pos, 2)
        if not got:
            break
        starts.append(pos)
        out.append((got[0][0], got[0][1]))
        pos = got[1] + 4
    for n in range(len(out), max(-1, len(out) - 3), -1):
        p = starts[n] if n < len(starts) else pos
        aliases, ok = [], True
        for _ in range(count - n):
            got = _names(data, p, 4)
            if not got:
                ok = False
                break
            target, new = (got[0][0], got[0][1]), (got[0][2], got[0][3])
            aliases.append(new if target != ("_", "_") or new == ("_", "_") else None)
            p = got[1]
        if ok and n > 0:
            # An alias of `_-_` is a diphone the database answers with silence: not a real one.
            return out[:n] + [a for a in aliases if a is not None]
    return None


def read_diphones(path: Path) -> set[tuple[str, str]]:
    head = path.read_bytes()[:4_000_000]
    if not head.startswith(b"MBROLA"):
        raise ValueError(f"{path}: not an MBROLA database")
    (count,) = struct.unpack_from("<h", head, 11)
    for start in range(13, 64):
        index = _parse_index(head, start, count)
        if index:
            return set(index)
    raise ValueError(f"{path}: diphone index not recognised")


def phonemes(diphones: set[tuple[str, str]]) -> set[str]:
    return {p for pair in diphones for p in pair}


if __name__ == "__main__":
    import sys
    for v in sys.argv[1:]:
        d = read_diphones(database_path(v))
        print(v, len(d), "diphones;", " ".join(sorted(phonemes(d))))
