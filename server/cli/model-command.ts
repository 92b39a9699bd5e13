/**
 * `diktats model check DIR [--json]`: what a model folder is and whether it runs.
 *
 * Reports the family detected, each graph's inputs and outputs, the vocabulary size,
 * the sample rate, the parameter count, and a smoke decode of one second of a
 * synthetic voiced signal in a worker (the same path two-pass finals take).
 * A missing or mismatched file is an error that names it (exit 1).
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FinalPassPool } from '../asr/final-pool.ts';
import { detectFamily } from '../asr/families/index.ts';
import type { FamilyMatch } from '../asr/final-pass.ts';
import { readOnnxModelInfo, type OnnxTensorInfo } from '../asr/onnx-model-info.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError, describeError, optionsOrExit, parseCommandArgs, writeLine, type CommandIo } from './command-io.ts';

export const MODEL_USAGE = `Usage: diktats model check DIR [--json]

Checks a model folder: the family detected (CTC: bundled, wav2vec2/XLS-R, NeMo CTC,
omnilingual; NeMo transducer TDT/RNNT; Whisper when installed), each graph's inputs
and outputs, vocabulary size, sample rate, parameters, and a smoke decode of 1 s.

Options:
  --json        one JSON object instead of text
  -h, --help    show this text

Exit status: 0 the folder loads and decodes, 1 it does not (the message names the file), 2 bad command line.
`;

const ARGS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export interface ModelCheckOptions {
  readonly dir: string;
  readonly json: boolean;
}

export function parseModelArgs(argv: readonly string[]): ModelCheckOptions | null {
  const { values, positionals } = parseCommandArgs(argv, ARGS, true);
  if (values.help) return null;
  const [sub, dir, ...extra] = positionals;
  if (sub !== 'check') throw new UsageError(sub === undefined ? 'give a sub-command: check' : `unknown sub-command ${JSON.stringify(sub)}; use check`);
  if (dir === undefined) throw new UsageError('give the model folder: diktats model check DIR');
  if (extra.length > 0) throw new UsageError(`unexpected ${JSON.stringify(extra[0])}; check takes one folder`);
  return { dir, json: values.json ?? false };
}

export interface ModelCheckReport {
  readonly dir: string;
  readonly family: string;
  readonly vocabularySize: number;
  readonly sampleRate: number;
  readonly parameters: number;
  readonly details: FamilyMatch['details'];
  readonly graphs: readonly { file: string; inputs: TensorJson[]; outputs: TensorJson[]; metadata: Record<string, string> }[];
  readonly smoke: { readonly audioSec: number; readonly ms: number; readonly rtf: number; readonly text: string; readonly tokens: number; readonly flags: readonly string[] };
}

interface TensorJson {
  name: string;
  type: string;
  dims: (number | string | null)[] | null;
}

const TYPES: Record<number, string> = { 1: 'float32', 6: 'int32', 7: 'int64', 10: 'float16', 11: 'float64', 9: 'bool', 3: 'int8', 2: 'uint8' };
const tensorJson = (t: OnnxTensorInfo): TensorJson => ({ name: t.name, type: TYPES[t.elemType] ?? `type ${t.elemType}`, dims: t.dims ? [...t.dims] : null });

/** One second of a voiced, syllable-like signal (harmonics under a moving formant, light noise). */
export function smokeSignal(sampleRate = 16000): Float32Array {
  const x = new Float32Array(sampleRate);
  let seed = 12345;
  const noise = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.02;
  for (let i = 0; i < x.length; i++) {
    const t = i / sampleRate;
    const f0 = 120 + 40 * Math.sin(2 * Math.PI * 1.5 * t);
    const formant = 600 + 1200 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 2 * t));
    let v = 0;
    for (let h = 1; h * f0 < 4000; h++) v += Math.exp(-(((h * f0 - formant) / 500) ** 2)) * Math.sin(2 * Math.PI * h * f0 * t) / h;
    x[i] = 0.3 * v * (0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t)) + noise();
  }
  return x;
}

export async function checkModel(dir: string): Promise<ModelCheckReport> {
  const root = resolve(dir);
  const match = await detectFamily(root);
  const infos = await Promise.all(match.modelFiles.map(async (f) => [f, await readOnnxModelInfo(join(root, f))] as const));
  const pool = await FinalPassPool.start(root, { workers: 1 });
  try {
    const samples = smokeSignal();
    const t0 = performance.now();
    const r = await pool.decode(samples);
    const ms = performance.now() - t0;
    return {
      dir: root,
      family: match.family,
      vocabularySize: match.vocabularySize,
      sampleRate: match.sampleRate,
      parameters: infos.reduce((n, [, i]) => n + i.parameterCount, 0),
      details: match.details,
      graphs: infos.map(([file, i]) => ({ file, inputs: i.inputs.map(tensorJson), outputs: i.outputs.map(tensorJson), metadata: { ...i.metadata } })),
      smoke: { audioSec: samples.length / 16000, ms: Math.round(ms), rtf: Math.round((ms / 1000) * 1000) / 1000, text: r.text, tokens: r.tokens.length, flags: r.flags },
    };
  } finally {
    await pool.dispose();
  }
}

function printReport(r: ModelCheckReport, io: CommandIo): void {
  const dims = (t: TensorJson): string => `[${t.dims?.map((d) => d ?? '?').join(', ') ?? '?'}]`;
  writeLine(io.stdout, `model folder  ${r.dir}`);
  writeLine(io.stdout, `family        ${r.family}${Object.keys(r.details).length ? ` (${Object.entries(r.details).filter(([k]) => k !== 'tokensFingerprint').map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`);
  writeLine(io.stdout, `vocabulary    ${r.vocabularySize} tokens`);
  writeLine(io.stdout, `sample rate   ${r.sampleRate} Hz`);
  writeLine(io.stdout, `parameters    ${r.parameters.toLocaleString('en-US')}`);
  for (const g of r.graphs) {
    writeLine(io.stdout, `${g.file}`);
    for (const t of g.inputs) writeLine(io.stdout, `  in   ${t.name} ${t.type} ${dims(t)}`);
    for (const t of g.outputs) writeLine(io.stdout, `  out  ${t.name} ${t.type} ${dims(t)}`);
  }
  writeLine(io.stdout, `smoke decode  ${r.smoke.audioSec} s of synthetic audio in ${r.smoke.ms} ms (RTF ${r.smoke.rtf}); ${r.smoke.tokens} tokens${r.smoke.text ? `: "${r.smoke.text.slice(0, 60)}"` : ''}`);
  writeLine(io.stdout, 'ok');
}

export async function modelCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = optionsOrExit('model', MODEL_USAGE, () => parseModelArgs(argv), io);
  if ('exit' in parsed) return parsed.exit;
  const { options } = parsed;
  let report: ModelCheckReport;
  try {
    report = await checkModel(options.dir);
  } catch (e) {
    if (options.json) writeLine(io.stdout, JSON.stringify({ dir: resolve(options.dir), ok: false, error: describeError(e) }));
    writeLine(io.stderr, `diktats model check: ${describeError(e)}`);
    return EXIT_FAILURE;
  }
  if (options.json) writeLine(io.stdout, JSON.stringify({ ok: true, ...report }));
  else printReport(report, io);
  return EXIT_OK;
}
