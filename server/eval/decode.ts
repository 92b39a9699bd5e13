/**
 * Decoding a manifest for `diktats eval`, one utterance after another on one
 * worker: an evaluation measures the recogniser, and a single stream keeps its
 * RTF comparable between runs. An utterance whose audio cannot be decoded stops
 * the run: a WER over a silently shortened test set would not be comparable.
 *
 *   greedy    whole file, greedy CTC
 *   beam      whole file, beam search with the loaded LM; then correction
 *   compare   one acoustic pass, greedy and beam from the same log-probabilities;
 *             the beam text is the hypothesis, then correction
 * `streaming` decodes as a live stream instead (finals use the beam decoder
 * when one is loaded), for greedy or beam.
 */
import { readFile } from 'node:fs/promises';
import type { Recogniser } from '../asr/recogniser.ts';
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { decodeWavTo16kMono } from '../audio/wav.ts';
import { correctTranscript, type CorrectionContext } from '../correction/pipeline.ts';
import { describeError } from '../errors.ts';
import type { DecodedUtterance } from './report.ts';
import type { ManifestEntry } from './manifest.ts';

export type DecodeMode = 'greedy' | 'beam' | 'compare';

export interface DecodeSetup {
  readonly recogniser: Recogniser;
  readonly mode: DecodeMode;
  readonly streaming: boolean;
  /** corrects each hypothesis into `corrected` when given */
  readonly correction: CorrectionContext | null;
}

export const PROGRESS_EVERY = 10;

/** 100 ms of 16 kHz audio, the size browsers and vosk clients send. */
const STREAM_PUSH_SAMPLES = 1600;

async function decodeStreaming(recogniser: Recogniser, samples: Float32Array): Promise<{ hypothesis: string; processingMs: number }> {
  const stream = recogniser.createStream();
  const texts: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < samples.length; i += STREAM_PUSH_SAMPLES) {
    const r = await stream.push(samples.slice(i, i + STREAM_PUSH_SAMPLES));
    texts.push(...r.finals.map((f) => f.text));
  }
  texts.push((await stream.finish('eof')).text);
  stream.close();
  return { hypothesis: texts.filter((t) => t.length > 0).join(' '), processingMs: performance.now() - t0 };
}

async function recognise(setup: DecodeSetup, samples: Float32Array): Promise<Omit<DecodedUtterance, 'entry' | 'corrected' | 'correctionMs'>> {
  const { recogniser, mode } = setup;
  const audioSec = samples.length / SAMPLE_RATE;
  if (setup.streaming) return { ...(await decodeStreaming(recogniser, samples)), audioSec };
  if (mode === 'compare') {
    const both = await recogniser.transcribeBoth(samples);
    if (!both.beam) throw new Error('compare: no beam decoder is loaded');
    return {
      hypothesis: both.beam.text,
      audioSec: both.beam.audioSec,
      processingMs: both.beam.processingMs,
      compare: { greedyHypothesis: both.greedy.text, acousticMs: both.greedy.processingMs },
    };
  }
  const t = await recogniser.transcribe(samples, mode);
  return { hypothesis: t.text, audioSec: t.audioSec, processingMs: t.processingMs };
}

export async function decodeUtterance(setup: DecodeSetup, entry: ManifestEntry): Promise<DecodedUtterance> {
  const samples = decodeWavTo16kMono(await readFile(entry.audioPath));
  const decoded = await recognise(setup, samples);
  if (!setup.correction) return { entry, ...decoded };
  const t0 = performance.now();
  const corrected = correctTranscript(decoded.hypothesis, setup.correction).corrected;
  return { entry, ...decoded, corrected, correctionMs: performance.now() - t0 };
}

/** Decodes every entry in order, logging progress every PROGRESS_EVERY utterances. */
export async function decodeAll(
  setup: DecodeSetup,
  entries: readonly ManifestEntry[],
  manifest: string,
  log: (line: string) => void,
): Promise<DecodedUtterance[]> {
  const decoded: DecodedUtterance[] = [];
  let audioSec = 0;
  let processingMs = 0;
  for (const entry of entries) {
    let d: DecodedUtterance;
    try {
      d = await decodeUtterance(setup, entry);
    } catch (e) {
      throw new Error(`${manifest}:${entry.line}: ${entry.audioFilepath}: ${describeError(e)}`, { cause: e });
    }
    decoded.push(d);
    audioSec += d.audioSec;
    processingMs += d.processingMs;
    const n = decoded.length;
    if (n % PROGRESS_EVERY === 0 && n < entries.length) {
      const rtf = processingMs / 1000 / audioSec;
      log(`eval: ${n}/${entries.length} utterances, ${audioSec.toFixed(1)} s of audio, RTF ${rtf.toFixed(4)}`);
    }
  }
  return decoded;
}
