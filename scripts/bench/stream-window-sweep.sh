#!/usr/bin/env bash
# Streaming window sweep: for each chunk/left/right setting, streaming WER on the first
# N held-out utterances (greedy and beam finals) and the load figures of bench:stream with
# 20 streams. Accuracy does not depend on machine load; latency and CPU do, so run it on a
# quiet machine. Usage: scripts/bench/stream-window-sweep.sh MANIFEST [N] [OUT]
#   WINDOWS="240/1280/640 480/640/640 ..." picks the settings (chunk/left/right ms).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
manifest=$1
n=${2:-100}
out=${3:-$root/bench-results/stream-window}
windows=${WINDOWS:-"240/1280/640 480/1280/640 240/640/640 480/640/640 480/640/320"}
mkdir -p "$out"
cd "$root"
for w in $windows; do
  IFS=/ read -r chunk left right <<<"$w"
  export DIKTATS_STREAM_CHUNK_MS=$chunk DIKTATS_STREAM_LEFT_CONTEXT_MS=$left DIKTATS_STREAM_RIGHT_CONTEXT_MS=$right
  tag="c${chunk}-l${left}-r${right}"
  echo "+ $tag" >&2
  node bin/diktats.mjs eval --manifest "$manifest" --streaming --decoder greedy --limit "$n" --json > "$out/$tag-greedy.json" 2>/dev/null
  node bin/diktats.mjs eval --manifest "$manifest" --streaming --decoder beam --limit "$n" --json > "$out/$tag-beam.json" 2>/dev/null
  node bin/run-ts.mjs scripts/bench/stream-bench.ts --streams "${STREAMS:-20}" --seconds 30 --out "$out/$tag-load.json" > /dev/null 2>&1
done
node -e '
  const fs = require("fs"), d = process.argv[1];
  const rows = [];
  for (const w of process.argv[2].split(" ")) {
    const tag = "c" + w.replace("/", "-l").replace("/", "-r");
    const g = JSON.parse(fs.readFileSync(`${d}/${tag}-greedy.json`, "utf8"));
    const b = JSON.parse(fs.readFileSync(`${d}/${tag}-beam.json`, "utf8"));
    const load = JSON.parse(fs.readFileSync(`${d}/${tag}-load.json`, "utf8"));
    const l = load.realtime.at(-1);
    rows.push({ window: w, greedyWer: g.wer, beamWer: b.wer, streams: l.streams, partialP50Ms: l.partialLatencyMs.p50,
      partialP95Ms: l.partialLatencyMs.p95, finalP50Ms: l.finalLatencyMs.p50, serverCpuCores: l.serverCpuCores, cpuSecPerAudioSec: l.rtfPerStream });
  }
  fs.writeFileSync(`${d}/summary.json`, JSON.stringify(rows, null, 1));
  console.log("chunk/left/right ms   greedy WER  beam WER  streams  partial p50/p95 ms   final p50 ms  CPU cores  CPU s per audio s");
  for (const r of rows) console.log(r.window.padEnd(20), (r.greedyWer * 100).toFixed(2).padStart(9) + "%", (r.beamWer * 100).toFixed(2).padStart(8) + "%",
    String(r.streams).padStart(7), `${r.partialP50Ms}/${r.partialP95Ms}`.padStart(20), String(r.finalP50Ms).padStart(13), String(r.serverCpuCores).padStart(9), String(r.cpuSecPerAudioSec).padStart(18));
' "$out" "$windows"
