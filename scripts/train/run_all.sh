#!/usr/bin/env bash
# Reproduces the bundled model end to end: text -> speech -> training -> ONNX export.
# Usage: scripts/train/run_all.sh [WORKDIR] [MAX_TRAIN_MINUTES]
# Resumable: synthesis skips finished shards, training continues from WORKDIR/run/ckpt.pt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-$root/work-train}
minutes=${2:-105}
py=/usr/bin/python3   # Debian's torch lives here, not in the first python3 on PATH
data=${DATA:-$root/../shared/data}   # the openly licensed Latvian data (sentences, names, streets, terms)
cd "$here"
mkdir -p "$work"
$py make_text.py --data "$data" --out "$work/text" --natural 40000 --domain 20000
$py synth.py --text "$work/text" --out "$work/synth" --jobs 2
$py train.py --shards "$work/synth/shards" --test "$work/synth/test/manifest.jsonl" --run "$work/run" \
  --epochs 6 --max-minutes "$minutes" --threads 2 --final "$work/run/final.pt"
$py export.py --ckpt "$work/run/final.pt" --id diktats-lv-synth-v2 --out "$root/models/diktats-lv-synth-v2" --int8 --fp32-out "$work/run/model.fp32.onnx"
