#!/usr/bin/env bash
# One-pass vs two-pass streaming, back to back on the same machine (the final model
# defaults to the bundled one, which exercises the path without a bigger model).
# Prints both runs' rows and the two-pass / one-pass ratios; JSON in bench-results/.
#   scripts/bench/two-pass-compare.sh [--streams 1,10] [--seconds 60] [--final-model DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
streams=1,10; seconds=60; final=models/diktats-lv-synth-v2
while [ $# -gt 0 ]; do
  case "$1" in
    --streams) streams=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --final-model) final=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p bench-results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
one=bench-results/two-pass-compare-$stamp-one.json
two=bench-results/two-pass-compare-$stamp-two.json
echo "== one pass"; node bin/run-ts.mjs scripts/bench/stream-bench.ts --streams "$streams" --seconds "$seconds" --out "$one"
echo "== two pass (final model: $final)"; node bin/run-ts.mjs scripts/bench/stream-bench.ts --streams "$streams" --seconds "$seconds" --final-model "$final" --out "$two"
node -e '
const [one, two] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
const out = [];
for (const a of one.realtime) {
  const b = two.realtime.find((r) => r.streams === a.streams);
  if (!b) continue;
  const ratio = (x, y) => (x > 0 ? Math.round((y / x) * 100) / 100 : null);
  out.push({ streams: a.streams,
    partialP50: [a.partialLatencyMs.p50, b.partialLatencyMs.p50, ratio(a.partialLatencyMs.p50, b.partialLatencyMs.p50)],
    partialP95: [a.partialLatencyMs.p95, b.partialLatencyMs.p95, ratio(a.partialLatencyMs.p95, b.partialLatencyMs.p95)],
    finalP50: [a.finalLatencyMs.p50, b.finalLatencyMs.p50], finalP95: [a.finalLatencyMs.p95, b.finalLatencyMs.p95],
    lagP99: [a.eventLoopLagMs.p99, b.eventLoopLagMs.p99], cpuCores: [a.serverCpuCores, b.serverCpuCores] });
}
console.log("[one-pass, two-pass, ratio]");
for (const r of out) console.log(JSON.stringify(r));
' "$one" "$two"
