"""Drops from a language-model corpus every sentence that contains a sentence of the
acoustic model's held-out test split (same clauses and hash rule as make_text.py),
so beam-search evaluation on that split is not contaminated by its own text.

  /usr/bin/python3 scripts/train/exclude_heldout.py corpora/sentences/lv-sentences-spoken.txt
"""
from __future__ import annotations

import sys
from pathlib import Path

from make_text import is_test, natural_sentences

DATA = Path(__file__).resolve().parents[3] / "shared/data"


def main() -> None:
    path = Path(sys.argv[1])
    heldout = [s for s in natural_sentences(DATA) if is_test(s, 0.05)]
    lines = [l for l in path.read_text(encoding="utf-8").split("\n") if l.strip()]
    kept = [l for l in lines if not any(h in l for h in heldout)]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(heldout)} held-out sentences; kept {len(kept)} of {len(lines)} LM sentences")


if __name__ == "__main__":
    main()
