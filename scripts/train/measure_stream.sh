#!/usr/bin/env bash
# Every figure of the streaming model's card, with v2 measured in the same run on the same machine.
# Usage: scripts/train/measure_stream.sh STREAM_MODEL_DIR OUT [SYNTH_MANIFEST] [MBROLA_MANIFEST]
# Writes OUT/*.json; prints one line per figure. CPU-heavy for a few minutes (100 live streams).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
model=$1; out=$2
synth=${3:-work-train/synth/test/manifest.jsonl}
mbrola=${4:-work-train/mbrola/test/manifest.jsonl}
v2=models/diktats-lv-synth-v2
cd "$root"; mkdir -p "$out"
run() { echo "+ $*" >&2; "$@"; }
ev() { run nice -n 10 node bin/diktats.mjs eval "$@"; }
for m in "$model" "$v2"; do
  id=$(node -e 'console.log(require(process.argv[1]).id)' "$(realpath "$m")/model.json")
  # diktats eval runs one worker thread with one intra-op thread: its rtf is the one-core real-time factor
  ev --model "$m" --manifest "$synth" --decoder greedy --json > "$out/$id-synth-greedy.json"
  ev --model "$m" --manifest "$synth" --limit 200 --compare --json > "$out/$id-synth200-compare.json"
  ev --model "$m" --manifest "$synth" --limit 200 --decoder greedy --streaming --json > "$out/$id-synth200-streaming.json"
  ev --model "$m" --manifest "$mbrola" --decoder greedy --json > "$out/$id-mbrola-greedy.json"
  ev --model "$m" --manifest test/fixtures/real-voice/manifest.jsonl --compare --json > "$out/$id-real-compare.json"
  run nice -n 10 node bin/run-ts.mjs scripts/bench/stream-stability.ts --model "$m" --manifest "$synth" --limit 100 --out "$out/$id-stability.json"
done
for m in "$v2" "$model"; do
  id=$(node -e 'console.log(require(process.argv[1]).id)' "$(realpath "$m")/model.json")
  run nice -n 10 npm run -s bench:stream -- --model "$m" --streams 100 --seconds 30 --max-streams 100 --max-streams-per-user 100 \
    --max-sockets-per-user 100 --out "$out/$id-bench-100.json"
done
node -e '
  const fs = require("fs"), d = process.argv[1];
  const pct = (x) => (x * 100).toFixed(2) + " %";
  for (const f of fs.readdirSync(d).sort()) {
    const r = JSON.parse(fs.readFileSync(d + "/" + f, "utf8"));
    if (r.compare) console.log(f.padEnd(48), "greedy", pct(r.compare.greedy.wer), "/", pct(r.compare.greedy.cer), "| beam+LM", pct(r.compare.beam.wer), "/", pct(r.compare.beam.cer), "|", r.utterances.length, "utts");
    else if (r.realtime) console.log(f.padEnd(48), JSON.stringify(r.realtime[0]), "offline", JSON.stringify(r.offline));
    else if (r.partialStability) console.log(f.padEnd(48), JSON.stringify({ wer: r.wer, stability: r.partialStability, latency: r.emissionLatencySec, push: r.computePerPushMs }));
    else console.log(f.padEnd(48), "WER", pct(r.wer), "CER", pct(r.cer), "rtf", r.rtf, "|", r.utterances.length, "utts");
  }' "$out"
