#!/usr/bin/env bash
# Streaming-native model (stream_model.py) on the CPU: initialised from v2 (front end, forward GRU),
# distilled from v2's posteriors plus CTC, on the espeak and MBROLA training shards (never the
# held-out voices or the real-voice clips). Exports the LAST step's weights.
# Usage: scripts/train/train_stream.sh WORKDIR MINUTES [extra train.py args]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:?WORKDIR}; minutes=${2:?MINUTES}; shift 2
py=/usr/bin/python3
cd "$here"
[ -f "$work/v2-init.pt" ] || $py onnx_to_state.py "$root/models/diktats-lv-synth-v2/model.onnx" --out "$work/v2-init.pt"
shards=("$work/synth/shards")
[ -d "$work/mbrola/shards" ] && shards+=("$work/mbrola/shards")
mkdir -p "$work/mbrola/shards"
$py train.py --arch stream --lookahead 3 --shards "$work/synth/shards" "$work/mbrola/shards" --watch-shards \
  --test "$work/synth/test/manifest.jsonl" --eval-limit 40 --run "$work/stream" \
  --init "$work/v2-init.pt" --distill "$work/v2-init.pt" --distill-weight 1.0 \
  --lr 6e-4 --warmup 50 --max-minutes "$minutes" --epochs 200 --epoch-batches 80 --batch-seconds 60 \
  --ckpt-every 50 --final "$work/stream/final.pt" --augment human --vtlp 0.3 "$@"
