#!/usr/bin/env bash
# Measures the bundled model for its model card, after training: held-out WER/CER
# (greedy int8 vs fp32, beam + LM, streaming), single-core RTF, and the streaming
# benchmark. Writes JSON files into OUT (default bench-results/).
# Usage: scripts/bench/model-report.sh HELDOUT_MANIFEST [FP32_ONNX] [OUT]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
manifest=$1
fp32=${2:-}
out=${3:-$root/bench-results}
mkdir -p "$out"
cd "$root"
model=models/diktats-lv-synth-v2
run() { echo "+ $*" >&2; "$@"; }

run node bin/diktats.mjs eval --manifest "$manifest" --decoder greedy --json > "$out/eval-greedy-int8.json"
if [ -n "$fp32" ]; then
  tmp=$(mktemp -d)
  cp "$model/vocab.json" "$tmp/"
  cp "$fp32" "$tmp/model.onnx"
  # Same manifest without the checksum (it names the int8 file).
  node -e 'const m=require(process.argv[1]); delete m.sha256; m.id+="-fp32"; m.quantization="fp32"; console.log(JSON.stringify(m))' "$root/$model/model.json" > "$tmp/model.json"
  run node bin/diktats.mjs eval --manifest "$manifest" --decoder greedy --model "$tmp" --json > "$out/eval-greedy-fp32.json"
  rm -rf "$tmp"
fi
# One core, one worker: the RTF figure of the model card.
run taskset -c 0 node bin/diktats.mjs eval --manifest "$manifest" --decoder greedy --limit 100 --json > "$out/eval-greedy-1core.json"
run node bin/diktats.mjs eval --manifest "$manifest" --compare --json > "$out/eval-compare.json" || echo "compare failed" >&2
run node bin/diktats.mjs eval --manifest "$manifest" --decoder greedy --streaming --limit 100 --json > "$out/eval-streaming.json"
run node bin/run-ts.mjs scripts/bench/stream-bench.ts --streams 1,8,20 --seconds 30 --out "$out/stream-bench.json"
node -e '
  const fs = require("fs"), d = process.argv[1];
  for (const f of fs.readdirSync(d).filter((f) => f.startsWith("eval-"))) {
    const r = JSON.parse(fs.readFileSync(d + "/" + f, "utf8"));
    console.log(f.padEnd(26), "WER", (r.wer * 100).toFixed(2) + "%", "CER", (r.cer * 100).toFixed(2) + "%", "RTF", r.rtf.toFixed(4), "utts", r.utterances.length);
  }' "$out"
