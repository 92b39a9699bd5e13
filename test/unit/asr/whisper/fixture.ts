/** The tiny random-weight Whisper fixture and its reference results (scripts/fixtures/make_whisper_fixtures.py). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WHISPER_FIXTURE_DIR = fileURLToPath(new URL('../../../fixtures/models/whisper-tiny-random', import.meta.url));

export interface ExpectedWindow {
  readonly start: number;
  readonly end: number;
  readonly tokens: number[];
  readonly text: string;
  readonly sumLogprob: number;
  readonly avgLogprob: number;
  readonly noSpeechProb: number;
  readonly silent: boolean;
  readonly compressionRatio: number;
  readonly flags: string[];
  readonly initialTokens: number[];
}

export interface ExpectedCase {
  readonly name: string;
  readonly beam: number;
  readonly promptTerms: string[] | null;
  readonly temperatureFallback: number[];
  readonly windows: ExpectedWindow[];
}

export const expected = JSON.parse(readFileSync(`${WHISPER_FIXTURE_DIR}/expected.json`, 'utf8')) as {
  signals: { speech: { pcm16Base64: string } };
  firstStepLogits: { data: string };
  cases: ExpectedCase[];
};

const speechPcm = new Int16Array(new Uint8Array(Buffer.from(expected.signals.speech.pcm16Base64, 'base64')).buffer);
export const speech = Float32Array.from(speechPcm, (v) => v / 32768);

/** The signals the reference decoded, by case-name prefix. */
export function signalFor(caseName: string): Float32Array {
  if (caseName.startsWith('speech')) return speech;
  if (caseName.startsWith('silence')) return new Float32Array(16000);
  if (caseName.startsWith('long')) {
    const out = new Float32Array(15 * 48000);
    for (let i = 0; i < 15; i++) out.set(speech, i * 48000);
    return out;
  }
  throw new Error(`no signal for ${caseName}`);
}

export const firstStepLogits = new Float32Array(new Uint8Array(Buffer.from(expected.firstStepLogits.data, 'base64')).buffer);
