#!/usr/bin/env bash
# The recipe on a lent GPU machine, inside one time-boxed call: synthesis and training
# overlap (train.py --watch-shards picks up shards as synth.py finishes them).
#
# Usage (repository root): scripts/train/gpu_run.sh BUNDLE OUTDIR [TOTAL_SECONDS]
#   BUNDLE  a folder prepared on a Debian machine by scripts/train/gpu_bundle.sh:
#           bin/espeak-ng, bin/sox, lib/ (their shared libraries), share/espeak-ng-data,
#           text/train.txt, text/test.txt
#   OUTDIR  receives final.pt (weights after the last step), best.pt, metrics.jsonl and logs
# The GPU machine has PyTorch but neither espeak-ng nor sox, and no network; the bundle
# carries them. Export to ONNX happens afterwards, on the Debian machine (export.py).
# TRAIN_ARGS adds train.py flags, e.g. the streaming-native model initialised from and distilled
# from v2 (export with export_stream.py):
#   TRAIN_ARGS="--arch stream --lookahead 3 --init .gpu/v2-init.pt --distill .gpu/v2-init.pt --lr 1e-3 --warmup 200" \
#     scripts/train/gpu_run.sh .gpu "$OUT" 520
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
total=${3:-540}
start=$(date +%s)
work=${WORK:-/tmp/diktats-train}
py=${PY:-python3}
synth_seconds=${SYNTH_SECONDS:-330}
min_shards=${MIN_SHARDS:-40}
jobs=${SYNTH_JOBS:-$(( $(nproc) - 3 ))}

export PATH="$bundle/bin:$PATH" LD_LIBRARY_PATH="$bundle/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export ESPEAK_DATA_PATH="$bundle/share" PYTHONUNBUFFERED=1
# Fail fast if the carried programs do not run here.
bytes=$(espeak-ng -v lv --stdout "pārbaude" | sox -q -t wav - -t raw -r 16000 -e signed -b 16 -c 1 - | wc -c)
[ "$bytes" -gt 1000 ] || { echo "espeak-ng/sox produced $bytes bytes" >&2; exit 1; }
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
$py -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'

mkdir -p "$work/text"
cp "$bundle/text/test.txt" "$work/text/test.txt"
# Shuffled, so a synthesis stopped by its time limit still covers every kind of sentence.
$py -c 'import random,sys; l=[x for x in open(sys.argv[1],encoding="utf-8").read().split("\n") if x]; random.Random(7).shuffle(l); open(sys.argv[2],"w",encoding="utf-8").write("\n".join(l)+"\n")' \
  "$bundle/text/train.txt" "$work/text/train.txt"

cd "$here"
$py synth.py --text "$work/text" --out "$work/synth" --jobs "$jobs" --shard-size 100 --max-seconds "$synth_seconds" \
  >"$out/synth.log" 2>&1 &
synth_pid=$!
until [ -f "$work/synth/test/manifest.jsonl" ] && [ "$(ls "$work/synth/shards" | grep -c '^train-[0-9]*\.npz$')" -ge "$min_shards" ]; do
  kill -0 $synth_pid 2>/dev/null || { echo "synthesis ended early" >&2; cat "$out/synth.log" >&2; exit 1; }
  sleep 2
done
now=$(date +%s)
train_min=$(awk -v s=$(( total - (now - start) - 25 )) 'BEGIN { printf "%.2f", s / 60 }')
echo "synthesis running ($(ls "$work/synth/shards" | grep -c '\.npz$') shards) after $((now - start)) s; training for $train_min min"
$py train.py --shards "$work/synth/shards" --test "$work/synth/test/manifest.jsonl" --run "$work/run" \
  --epochs 1000 --max-minutes "$train_min" --device "${DEVICE:-cuda}" --workers 3 --threads 4 --watch-shards --eval-limit 200 \
  --final "$work/run/final.pt" ${TRAIN_ARGS:-} 2>&1 | tee "$out/train.log"
wait $synth_pid || true
cp "$work/run/final.pt" "$work/run/best.pt" "$work/run/metrics.jsonl" "$out/"
cp "$work/synth/synth-meta.json" "$out/" 2>/dev/null || true
echo "done after $(( $(date +%s) - start )) s"
