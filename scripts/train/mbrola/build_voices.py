"""Build a local espeak-ng data folder in which MBROLA voices speak Latvian.

    /usr/bin/python3 scripts/train/mbrola/build_voices.py --out work-train/espeak [--tables scripts/train/mbrola/tables]

<out>/espeak-ng-data links to the system data, except voices/mb/ and mbrola_ph/, which hold
  - mb-lv-VOICE: `language lv`, `mbrola VOICE lv-VOICE_phtrans` for every installed voice of voices.tsv,
  - mb-lv-id: the same phonemiser with an identity table (Latvian phoneme names pass through),
    used by mbrola_speak.py to map and repair the phonemes itself,
  - the compiled tables (espeak-ng --compile-mbrola), whose sources are written to --tables.
Nothing outside <out> is modified. Use: espeak-ng --path <out> -v mb-lv-lt1 "labdien".
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latvian_map as LM  # noqa: E402
import mbrola_db  # noqa: E402
import voices as V  # noqa: E402

SYSTEM_DATA = Path(os.environ.get("SYSTEM_ESPEAK_DATA", "/usr/lib/x86_64-linux-gnu/espeak-ng-data"))


def link_tree(out: Path) -> Path:
    data = out / "espeak-ng-data"
    if data.exists():
        shutil.rmtree(data)
    (data / "voices" / "mb").mkdir(parents=True)
    (data / "mbrola_ph").mkdir()
    for e in SYSTEM_DATA.iterdir():
        if e.name not in ("voices", "mbrola_ph"):
            (data / e.name).symlink_to(e)
    for e in (SYSTEM_DATA / "voices").iterdir():
        if e.name != "mb":
            (data / "voices" / e.name).symlink_to(e)
    for e in (SYSTEM_DATA / "mbrola_ph").iterdir():
        (data / "mbrola_ph" / e.name).symlink_to(e)
    return data


def compile_table(out: Path, name: str, source: str, src_dir: Path) -> None:
    src_dir.mkdir(parents=True, exist_ok=True)
    (src_dir / name).write_text(source, encoding="utf-8")
    r = subprocess.run(["espeak-ng", "--path", str(out), f"--compile-mbrola={name}"], cwd=src_dir,
                       capture_output=True, text=True)
    if r.returncode != 0 or not (out / "espeak-ng-data" / "mbrola_ph" / f"{name}_phtrans").exists():
        raise RuntimeError(f"compiling {name} failed: {r.stdout}{r.stderr}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--tables", type=Path, help="also write the table sources here (kept in the repository)")
    args = ap.parse_args()
    out = args.out.resolve()
    data = link_tree(out)
    src_dir = out / "phsource-mbrola"
    compile_table(out, "lv-id", "// identity: Latvian phoneme names pass through\n0 _ NULL 0 _\n", src_dir)
    installed = []
    for voice, info in V.all_voices().items():
        try:
            diphones = mbrola_db.read_diphones(mbrola_db.database_path(voice))
        except FileNotFoundError as e:
            print(f"skip {voice}: {e}")
            continue
        table = LM.resolve(voice, mbrola_db.phonemes(diphones), diphones)
        src = LM.espeak_source(table)
        compile_table(out, f"lv-{voice}", src, src_dir)
        if args.tables:
            args.tables.mkdir(parents=True, exist_ok=True)
            (args.tables / f"lv-{voice}").write_text(src, encoding="utf-8")
        gender = "female" if info["sex"] == "F" else "male"
        (data / "voices" / "mb" / f"mb-lv-{voice}").write_text(
            f"name lv-{voice}\nlanguage lv\ngender {gender}\nmbrola {voice} lv-{voice}_phtrans\n", encoding="utf-8")
        installed.append(voice)
    first = installed[0] if installed else "lt1"
    (data / "voices" / "mb" / "mb-lv-id").write_text(
        f"name lv-id\nlanguage lv\nmbrola {first} lv-id_phtrans\n", encoding="utf-8")
    print(f"{len(installed)} voices speak Latvian in {data}: {' '.join(installed)}")


if __name__ == "__main__":
    main()
