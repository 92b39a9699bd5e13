/**
 * NeMo-style evaluation manifests: JSON Lines, one utterance per line,
 *
 *   {"audio_filepath": "wav/0001.wav", "text": "labdien", "duration": 1.42, "voice": "lv+f3"}
 *
 * `audio_filepath` is relative to the manifest's folder (absolute paths are
 * kept), `text` is the reference as spoken, `duration` (seconds) is optional.
 * Other fields ("voice", "condition", …) are kept for grouping results.
 * Blank lines are skipped.
 *
 * Every problem is collected before failing, so one run lists all the bad
 * lines of a hand-edited manifest instead of one per attempt.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DiktatsError } from '../errors.ts';

export interface ManifestEntry {
  /** 1-based line number in the manifest file. */
  readonly line: number;
  /** As written in the manifest (reported back in results). */
  readonly audioFilepath: string;
  /** Absolute path of the audio file. */
  readonly audioPath: string;
  /** The reference transcript. May be empty (an utterance with no speech). */
  readonly text: string;
  /** Seconds, when the manifest gives it. */
  readonly duration: number | null;
  /** All fields of the line, the ones above included. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Problems listed in one error; the rest are counted. */
const MAX_LISTED = 10;
/** Audio files checked at once. */
const STAT_BATCH = 64;

function manifestError(source: string, problems: readonly string[]): DiktatsError {
  const listed = problems.slice(0, MAX_LISTED);
  const more = problems.length - listed.length;
  const lines = listed.map((p) => `  ${source}:${p}`);
  if (more > 0) lines.push(`  … and ${more} more`);
  const head = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new DiktatsError('EVAL_ERR_MANIFEST', `${head}\n${lines.join('\n')}`);
}

const describeJsonError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Parses manifest text. Paths are resolved against `baseDir`; `source` names
 * the manifest in messages. Throws EVAL_ERR_MANIFEST listing every bad line.
 * Does not touch the file system.
 */
export function parseManifest(text: string, baseDir: string, source = 'manifest'): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      problems.push(`${line}: invalid JSON (${describeJsonError(e)})`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${line}: expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
      return;
    }
    const fields = value as Record<string, unknown>;
    const lineProblems: string[] = [];
    const audio = fields['audio_filepath'];
    if (audio === undefined) lineProblems.push('missing "audio_filepath"');
    else if (typeof audio !== 'string' || audio.trim() === '') lineProblems.push('"audio_filepath" must be a non-empty string');
    const reference = fields['text'];
    if (reference === undefined) lineProblems.push('missing "text"');
    else if (typeof reference !== 'string') lineProblems.push('"text" must be a string');
    const duration = fields['duration'];
    if (duration !== undefined && duration !== null && (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0)) {
      lineProblems.push(`"duration" must be a number of seconds ≥ 0, got ${JSON.stringify(duration)}`);
    }
    if (lineProblems.length > 0) {
      problems.push(`${line}: ${lineProblems.join('; ')}`);
      return;
    }
    const audioFilepath = audio as string;
    entries.push({
      line,
      audioFilepath,
      audioPath: isAbsolute(audioFilepath) ? audioFilepath : resolve(baseDir, audioFilepath),
      text: reference as string,
      duration: typeof duration === 'number' ? duration : null,
      fields,
    });
  });
  if (problems.length > 0) throw manifestError(source, problems);
  if (entries.length === 0) {
    throw new DiktatsError('EVAL_ERR_MANIFEST', `${source} has no utterances (every line is blank)`);
  }
  return entries;
}

/** Entries whose audio file is missing or not a regular file, as problem lines. */
async function missingAudio(entries: readonly ManifestEntry[]): Promise<string[]> {
  const problems: string[] = [];
  for (let i = 0; i < entries.length; i += STAT_BATCH) {
    const batch = entries.slice(i, i + STAT_BATCH);
    const results = await Promise.all(
      batch.map(async (entry) => {
        try {
          const s = await stat(entry.audioPath);
          return s.isFile() ? null : `${entry.line}: ${entry.audioPath} is not a file`;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          const why = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(e)})`;
          return `${entry.line}: audio file ${entry.audioPath} ${why}`;
        }
      }),
    );
    for (const r of results) if (r !== null) problems.push(r);
  }
  return problems;
}

/**
 * Reads and checks a manifest file: valid lines, and every audio file present.
 * Throws EVAL_ERR_MANIFEST with `file:line: problem` for each fault.
 */
export async function readManifest(manifestPath: string): Promise<ManifestEntry[]> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? String(e)})`;
    throw new DiktatsError('EVAL_ERR_MANIFEST', `manifest file ${manifestPath} ${why}`, { cause: e });
  }
  const entries = parseManifest(text, dirname(resolve(manifestPath)), manifestPath);
  const problems = await missingAudio(entries);
  if (problems.length > 0) throw manifestError(manifestPath, problems);
  return entries;
}
