#!/usr/bin/env bash
# Every test condition of the model card for one model folder, through `diktats eval`:
#   synthetic held-out (espeak variants never trained on): greedy on all, greedy + beam/LM on the first N
#   held-out MBROLA voices (hu1 sw2 tr2 de6 it3 gr2): greedy
#   real voices (test/fixtures/real-voice): greedy + beam/LM
# Usage: scripts/train/eval_conditions.sh MODEL_DIR SYNTH_MANIFEST MBROLA_MANIFEST [OUT] [N]
# Writes OUT/<model id>-<condition>.json (default bench-results/conditions) and prints one line each.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
model=$1
synth=$2
mbrola=$3
out=${4:-$root/bench-results/conditions}
n=${5:-200}
mkdir -p "$out"
cd "$root"
id=$(node -e 'console.log(require(process.argv[1]).id)' "$(realpath "$model")/model.json")
run() { echo "+ $*" >&2; "$@"; }
run node bin/diktats.mjs eval --model "$model" --manifest "$synth" --decoder greedy --json > "$out/$id-synth-greedy.json"
run node bin/diktats.mjs eval --model "$model" --manifest "$mbrola" --decoder greedy --json > "$out/$id-mbrola-greedy.json"
run node bin/diktats.mjs eval --model "$model" --manifest test/fixtures/real-voice/manifest.jsonl --compare --json > "$out/$id-real-compare.json"
run node bin/diktats.mjs eval --model "$model" --manifest "$synth" --limit "$n" --compare --json > "$out/$id-synth$n-compare.json"
node -e '
  const fs = require("fs"), [d, id] = process.argv.slice(1);
  const pct = (x) => (x * 100).toFixed(2) + " %";
  for (const f of fs.readdirSync(d).filter((f) => f.startsWith(id + "-")).sort()) {
    const r = JSON.parse(fs.readFileSync(d + "/" + f, "utf8"));
    const groups = (r.groups?.condition ?? []).map((g) => `${g.value} ${pct(g.wer)}/${pct(g.cer)}`).join("; ");
    if (r.compare) {
      const c = r.compare;
      console.log(f.padEnd(44), "greedy WER", pct(c.greedy.wer), "CER", pct(c.greedy.cer), "| beam+LM WER", pct(c.beam.wer), "CER", pct(c.beam.cer), "|", r.utterances.length, "utts |", groups);
    } else {
      console.log(f.padEnd(44), "greedy WER", pct(r.wer), "CER", pct(r.cer), "|", r.utterances.length, "utts |", groups);
    }
  }' "$out" "$id"
