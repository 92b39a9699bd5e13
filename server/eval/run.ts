/**
 * One evaluation run: load the model (and, for beam, the corpora's language
 * model), decode every manifest entry, and build the report and the optional
 * side-by-side comparison. Progress and warnings go to `log`; `diktats eval`
 * (cli/eval-command.ts) parses the flags and prints what this returns.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Recogniser } from '../asr/recogniser.ts';
import { buildTrnFiles } from '../metrics/trn.ts';
import type { streamingOptions } from '../plugins/recogniser.ts';
import { buildCompareReport, type CompareReport } from './compare.ts';
import { decodeAll, type DecodeMode } from './decode.ts';
import { loadEvalDomain, type EvalDomain } from './domain.ts';
import type { ManifestEntry } from './manifest.ts';
import { buildReport, describeLanguageModel, utteranceId, type DecodedUtterance, type DecoderName, type EvalReport } from './report.ts';

/** Language-model build warnings logged; the rest are counted. */
const MAX_LM_WARNINGS = 3;

export interface EvalRunOptions {
  readonly manifest: string;
  readonly modelDir: string;
  readonly decoder: 'greedy' | 'beam';
  readonly corporaDir: string;
  readonly compare: boolean;
  readonly streaming: boolean;
  readonly groupBy: readonly string[];
  /** endpointing and decode window for streaming, from the service's settings */
  readonly streamOptions: ReturnType<typeof streamingOptions>;
}

/** What failed, so the command can say which flag to change. */
export type EvalRunResult =
  | { readonly ok: true; readonly report: EvalReport; readonly compare: CompareReport | null }
  | { readonly ok: false; readonly stage: 'model' | 'corpora' | 'decode'; readonly error: unknown };

export async function runEvaluation(entries: readonly ManifestEntry[], options: EvalRunOptions, log: (line: string) => void): Promise<EvalRunResult> {
  let recogniser: Recogniser;
  try {
    recogniser = await Recogniser.load(options.modelDir, { withVad: options.streaming, workers: 1, ...options.streamOptions });
  } catch (error) {
    return { ok: false, stage: 'model', error };
  }
  try {
    let domain: EvalDomain | null = null;
    try {
      if (options.decoder === 'beam') domain = await loadDomain(recogniser, options.corporaDir, log);
    } catch (error) {
      return { ok: false, stage: 'corpora', error };
    }
    const mode: DecodeMode = options.compare ? 'compare' : options.decoder;
    const decoded = await decodeAll(
      { recogniser, mode, streaming: options.streaming, correction: domain?.correction ?? null },
      entries,
      options.manifest,
      log,
    );
    warnDurationMismatch(decoded, log);
    const decoder: DecoderName = options.streaming ? `${options.decoder}-streaming` : options.decoder;
    const report = buildReport(decoded, {
      model: recogniser.modelId,
      decoder,
      manifest: options.manifest,
      groupBy: options.groupBy,
      languageModel: domain ? { ...domain.stats, corporaDir: domain.corporaDir } : null,
    });
    const compare = options.compare && domain ? buildCompareReport(decoded, domain.terms, domain.stats) : null;
    return { ok: true, report, compare };
  } catch (error) {
    return { ok: false, stage: 'decode', error };
  } finally {
    await recogniser.close();
  }
}

/** Builds the beam decoder from the corpora and swaps it into the recogniser. */
async function loadDomain(recogniser: Recogniser, corporaDir: string, log: (line: string) => void): Promise<EvalDomain> {
  log(`eval: building the language model from ${resolve(corporaDir)} …`);
  const domain = await loadEvalDomain(corporaDir, recogniser.spec, recogniser.spec.frameShiftMs / 1000);
  recogniser.setBeamDecoder(domain.decoder);
  log(`eval: language model: ${describeLanguageModel(domain.stats)}`);
  const warnings = domain.stats.warnings;
  for (const w of warnings.slice(0, MAX_LM_WARNINGS)) log(`eval: language model warning: ${w}`);
  if (warnings.length > MAX_LM_WARNINGS) log(`eval: … and ${warnings.length - MAX_LM_WARNINGS} more warnings`);
  return domain;
}

/** Manifest durations that disagree with the audio usually mean a stale manifest. */
function warnDurationMismatch(decoded: readonly DecodedUtterance[], log: (line: string) => void): void {
  const off = decoded.filter((d) => d.entry.duration !== null && Math.abs(d.entry.duration - d.audioSec) > 0.1);
  if (off.length === 0) return;
  const first = off[0]!;
  log(
    `eval: warning: ${off.length} manifest duration(s) differ from the audio by more than 0.1 s ` +
      `(first: line ${first.entry.line}, ${first.entry.duration} s listed, ${first.audioSec.toFixed(3)} s decoded); RTF uses the audio`,
  );
}

/** Writes DIR/ref.trn and DIR/hyp.trn for sclite. */
export async function writeTrnFiles(report: EvalReport, dir: string): Promise<{ ref: string; hyp: string }> {
  const trn = buildTrnFiles(
    report.utterances.map(({ decoded }) => ({ id: utteranceId(decoded.entry), reference: decoded.entry.text, hypothesis: decoded.hypothesis })),
  );
  const ref = join(dir, 'ref.trn');
  const hyp = join(dir, 'hyp.trn');
  await writeFile(ref, trn.ref);
  await writeFile(hyp, trn.hyp);
  return { ref, hyp };
}
