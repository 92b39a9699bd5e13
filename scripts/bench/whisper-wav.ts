/**
 * Decodes WAV files with a Whisper model folder and measures what it costs: the tool to
 * check a real export (e.g. whisper-large-v3-lv-late-cv19, see server/asr/whisper/README.md)
 * and to measure its real-time factor on the target machine.
 *
 *   node bin/run-ts.mjs scripts/bench/whisper-wav.ts --model DIR [--threads 2] [--beam 1]
 *        [--terms "Ķekava,pabalsts"] [--text] FILE.wav ...
 *
 * Prints per file: seconds of audio, decode seconds, RTF, flags (and the text with --text:
 * transcripts can hold personal data, so they are not printed unless asked). Saves JSON
 * (without text) under bench-results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandArgs, UsageError } from '../../server/cli/command-io.ts';
import { decodeWavTo16kMono } from '../../server/audio/wav.ts';
import { WhisperRecogniser } from '../../server/asr/whisper/whisper-recogniser.ts';

const OPTIONS = {
  model: { type: 'string' },
  threads: { type: 'string' },
  beam: { type: 'string' },
  terms: { type: 'string' },
  text: { type: 'boolean' },
  out: { type: 'string' },
} as const;
let parsed: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;
try {
  parsed = parseCommandArgs(process.argv.slice(2), OPTIONS, true);
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`whisper-wav.ts: ${e.message}`);
  process.exit(2);
}
const flags = parsed.values;
const rest = parsed.positionals;
const modelDir = flags.model;
if (!modelDir || rest.length === 0) {
  console.error('usage: whisper-wav.ts --model DIR [--threads N] [--beam N] [--terms a,b] [--text] FILE.wav ...');
  process.exit(2);
}
const threads = Number(flags.threads ?? 1);
const beamSize = Number(flags.beam ?? 1);
const terms = (flags.terms ?? '').split(',').map((t) => t.trim()).filter(Boolean);
const showText = flags.text === true;

const t0 = performance.now();
const rec = await WhisperRecogniser.load(modelDir, { threads, beamSize });
const loadSec = (performance.now() - t0) / 1000;
console.log(`loaded ${modelDir} in ${loadSec.toFixed(1)} s (${rec.files.decoder.kind} decoder, ${rec.files.numMelBins} mel bins, ${threads} threads, beam ${beamSize})`);
const results = [];
for (const file of rest) {
  const samples = decodeWavTo16kMono(new Uint8Array(fs.readFileSync(file)));
  const c0 = process.cpuUsage();
  const s0 = performance.now();
  const r = await rec.decode(samples, terms.length ? { terms } : undefined);
  const sec = (performance.now() - s0) / 1000;
  const cpu = process.cpuUsage(c0);
  const audioSec = samples.length / 16000;
  const row = { file: path.basename(file), audioSec, decodeSec: sec, cpuSec: (cpu.user + cpu.system) / 1e6, rtf: sec / audioSec, windows: r.windows.length, tokens: r.tokens.length, flags: r.flags };
  results.push(row);
  console.log(`${row.file}: ${audioSec.toFixed(1)} s audio, ${sec.toFixed(1)} s, RTF ${row.rtf.toFixed(2)}, ${row.tokens} tokens, flags [${r.flags.join(', ')}]${showText ? `\n  ${r.text}` : ''}`);
}
await rec.dispose();
fs.mkdirSync('bench-results', { recursive: true });
const out = flags.out ?? path.join('bench-results', `whisper-wav-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ model: modelDir, threads, beamSize, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadSec, results }, null, 2));
console.log(`saved ${out}`);
