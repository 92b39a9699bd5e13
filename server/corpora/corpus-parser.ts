/**
 * Parses an admin's corpus file into entries. Pure and all-or-nothing: any
 * problem throws a coded error naming the line, so a rejected file changes nothing.
 *
 * Formats (chosen by file extension):
 *   .txt    one term (kind "terms") or sentence (kind "sentences") a line
 *   .csv    term, category, weight, spoken form, display form (header optional; RFC 4180 quoting)
 *   .tsv    the same columns, tab-separated
 *   .jsonl  {"term"|"text", "category"?, "weight"?, "spoken"?, "display"?} a line
 */
import { DiktatsError } from '../errors.ts';

/** `autotexts`: a phrase the clerk says (`term`) → the paragraph written in its place (`display`), in free-text fields. */
export type CorpusKind = 'terms' | 'sentences' | 'autotexts';
export const CORPUS_KINDS: readonly CorpusKind[] = ['terms', 'sentences', 'autotexts'];

export interface CorpusEntry {
  /** written form as it should appear, e.g. "Latvenergo" or a sentence */
  readonly term: string;
  readonly category: string | null;
  /** boost weight, 1 = neutral */
  readonly weight: number;
  /** how it is said, when it differs from the written form ("gē em ī" for "GMI") */
  readonly spoken: string | null;
  /** how it should be displayed, when it differs from `term` (like AWS DisplayAs) */
  readonly display: string | null;
}

export interface ParsedCorpus {
  readonly entries: CorpusEntry[];
  readonly duplicates: number;
  readonly emptyLines: number;
}

export interface ParseLimits {
  readonly maxBytes: number;
  readonly maxEntries: number;
  readonly maxLineChars: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxBytes: 20 * 1024 * 1024, maxEntries: 500_000, maxLineChars: 2000 };

export type CorpusFormat = 'txt' | 'csv' | 'tsv' | 'jsonl';

export function formatFromName(fileName: string): CorpusFormat {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'txt' || ext === 'csv' || ext === 'tsv' || ext === 'jsonl') return ext;
  throw new DiktatsError('CORPUS_ERR_FORMAT', `${JSON.stringify(fileName)}: use .txt, .csv, .tsv or .jsonl`);
}

export function parseCorpus(bytes: Uint8Array, format: CorpusFormat, kind: CorpusKind, limits: ParseLimits = DEFAULT_LIMITS): ParsedCorpus {
  if (bytes.length > limits.maxBytes) {
    throw new DiktatsError('CORPUS_ERR_TOO_LARGE', `${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
  const lines = decodeLines(bytes, limits);
  const seen = new Set<string>();
  const entries: CorpusEntry[] = [];
  let duplicates = 0;
  let emptyLines = 0;
  let headerSkipped = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw.trim() === '') {
      emptyLines++;
      continue;
    }
    let entry: CorpusEntry | null;
    if (format === 'txt') entry = fromFields([raw], lineNo);
    else if (format === 'jsonl') entry = fromJson(raw, lineNo);
    else {
      const fields = format === 'tsv' ? raw.split('\t') : splitCsvLine(raw, lineNo);
      if (!headerSkipped && entries.length === 0 && isHeader(fields)) {
        headerSkipped = true;
        continue;
      }
      entry = fromFields(fields, lineNo);
    }
    if (!entry) continue;
    const key = entry.term.toLocaleLowerCase('lv');
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    entries.push(entry);
    if (entries.length > limits.maxEntries) {
      throw new DiktatsError('CORPUS_ERR_TOO_LARGE', `more than ${limits.maxEntries} entries (line ${lineNo})`);
    }
  }
  if (entries.length === 0) throw new DiktatsError('CORPUS_ERR_EMPTY', 'the file has no entries');
  if (kind === 'autotexts') {
    const bare = entries.findIndex((e) => !e.display);
    if (bare >= 0) {
      throw new DiktatsError(
        'CORPUS_ERR_LINE',
        `auto-text ${bare + 1} ("${entries[bare]!.term}") has no paragraph; give it in the display column (csv/tsv) or "display" (jsonl)`,
      );
    }
    const long = entries.findIndex((e) => e.term.split(/\s+/).length > 6);
    if (long >= 0) throw new DiktatsError('CORPUS_ERR_LINE', `auto-text ${long + 1}: the phrase to say has more than 6 words; keep it short`);
  }
  if (kind === 'terms') {
    const long = entries.findIndex((e) => e.term.split(/\s+/).length > 8);
    if (long >= 0) {
      throw new DiktatsError('CORPUS_ERR_LINE', `entry ${long + 1} has more than 8 words; import sentences with --kind sentences`);
    }
  }
  return { entries, duplicates, emptyLines };
}

/** Strict UTF-8, line by line, so an encoding error names its line. */
function decodeLines(bytes: Uint8Array, limits: ParseLimits): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DiktatsError('CORPUS_ERR_ENCODING', 'line 1: the file is UTF-16; save it as UTF-8');
  }
  const lines: string[] = [];
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const lineNo = lines.length + 1;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      throw new DiktatsError('CORPUS_ERR_ENCODING', `line ${lineNo} is not valid UTF-8 (Windows-1257 or ISO-8859-13?); save the file as UTF-8`);
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.includes('\u0000')) throw new DiktatsError('CORPUS_ERR_ENCODING', `line ${lineNo} contains NUL bytes; is this a text file?`);
    if (text.length > limits.maxLineChars) {
      throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo} is ${text.length} characters; the limit is ${limits.maxLineChars}`);
    }
    lines.push(text.normalize('NFC'));
    if (end === bytes.length) break;
    start = end + 1;
  }
  return lines;
}

function isHeader(fields: readonly string[]): boolean {
  const first = fields[0]?.trim().toLowerCase();
  return first === 'term' || first === 'termins' || first === 'termiņš' || first === 'text';
}

function fromFields(fields: readonly string[], lineNo: number): CorpusEntry | null {
  const [term, category, weight, spoken, display] = fields.map((f) => f.trim());
  if (!term) return null;
  return {
    term: collapse(term),
    category: category || null,
    weight: parseWeight(weight, lineNo),
    spoken: spoken ? collapse(spoken) : null,
    display: display || null,
  };
}

function fromJson(line: string, lineNo: number): CorpusEntry | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo} is not valid JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo}: expected a JSON object`);
  const o = v as Record<string, unknown>;
  const term = o.term ?? o.text;
  if (typeof term !== 'string' || term.trim() === '') throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo}: "term" (or "text") must be a non-empty string`);
  const str = (k: string): string | null => {
    const x = o[k];
    if (x === undefined || x === null) return null;
    if (typeof x !== 'string') throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo}: "${k}" must be a string`);
    return x.trim() || null;
  };
  const w = o.weight;
  if (w !== undefined && typeof w !== 'number') throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo}: "weight" must be a number`);
  return {
    term: collapse(term.normalize('NFC')),
    category: str('category'),
    weight: parseWeight(w === undefined ? undefined : String(w), lineNo),
    spoken: str('spoken'),
    display: str('display'),
  };
}

function parseWeight(raw: string | undefined, lineNo: number): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw.replace(',', '.'));
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo}: weight ${JSON.stringify(raw)} must be a number from 0 to 100`);
  }
  return n;
}

/** RFC 4180 fields of one line (quoted fields may contain commas and doubled quotes). */
function splitCsvLine(line: string, lineNo: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo}: unterminated quote`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      out.push(value);
      if (i < line.length && line[i] !== ',') throw new DiktatsError('CORPUS_ERR_LINE', `line ${lineNo}: text after a closing quote`);
      i++;
    } else {
      let end = line.indexOf(',', i);
      if (end < 0) end = line.length;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
