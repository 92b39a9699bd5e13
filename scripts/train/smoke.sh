#!/usr/bin/env bash
# Smoke test of the training recipe: a handful of utterances -> a few training
# steps (with a loader process and shard watching, as on a GPU machine) -> ONNX export
# -> load and run in onnxruntime-node through the CLI.
# Proves the recipe still runs end to end; says nothing about accuracy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
cd "$here"
$py test_pieces.py
$py test_stream.py
$py make_text.py --data "$root/test/fixtures/train-smoke-data" --out "$work/text" --natural 40 --domain 20 --test-natural 4 --test-domain 2
$py synth.py --text "$work/text" --out "$work/synth" --shard-size 30 --jobs 2
$py train.py --shards "$work/synth/shards" --test "$work/synth/test/manifest.jsonl" --run "$work/run" \
  --epochs 1 --max-steps 4 --batch-seconds 40 --eval-limit 3 --workers 1 --watch-shards --final "$work/run/final.pt" \
  --augment human --vtlp 0.5 --aug-off phone
$py export.py --ckpt "$work/run/final.pt" --out "$work/model" --int8 --id smoke
# the streaming-native model: initialised from the bidirectional one, distilled from it, exported with its state
$py train.py --arch stream --lookahead 2 --init "$work/run/final.pt" --distill "$work/run/final.pt" \
  --shards "$work/synth/shards" --test "$work/synth/test/manifest.jsonl" --run "$work/stream" \
  --epochs 1 --max-steps 3 --batch-seconds 40 --eval-limit 2 --final "$work/stream/final.pt"
$py export_stream.py --ckpt "$work/stream/final.pt" --out "$work/stream-model" --int8 --id smoke-stream
cd "$root"
first=$(ls "$work/synth/test/wavs/"*.wav | head -1)
out=$(node bin/diktats.mjs transcribe --model "$work/model" --json "$first")
echo "$out" | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const one = Array.isArray(r) ? r[0] : r;
  if (one.model !== "smoke" || typeof one.text !== "string" || !(one.audioSec > 0)) {
    console.error("smoke: unexpected transcribe output", one); process.exit(1);
  }
  console.log("smoke: exported model loads and runs in onnxruntime-node (" + one.audioSec.toFixed(2) + " s of audio)");'
out=$(node bin/diktats.mjs transcribe --model "$work/stream-model" --json "$first")
echo "$out" | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const one = Array.isArray(r) ? r[0] : r;
  if (one.model !== "smoke-stream" || typeof one.text !== "string") { console.error("smoke: stream model", one); process.exit(1); }
  console.log("smoke: streaming-native model loads and runs with its state tensors");'
