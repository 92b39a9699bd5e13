/** Latvian letters, letter names and casing helpers shared by the steps. */

const DIACRITIC_BASE: Record<string, string> = {
  ā: 'a', č: 'c', ē: 'e', ģ: 'g', ī: 'i', ķ: 'k', ļ: 'l', ņ: 'n', š: 's', ū: 'u', ž: 'z', ō: 'o', ŗ: 'r',
};

/** "bāriņtiesa" -> "barintiesa": the recogniser's most common confusion is a lost macron or cedilla. */
export function stripDiacritics(word: string): string {
  let out = '';
  for (const ch of word) out += DIACRITIC_BASE[ch] ?? ch;
  return out;
}

/**
 * Lower case the way Latvian text is compared everywhere in this folder.
 * Latvian has no locale-specific case mappings, so the (much faster) default
 * mapping is exact; callers pass NFC text (the pipeline normalises on entry).
 */
export function lower(text: string): string {
  return text.toLowerCase();
}

export function capitalize(word: string): string {
  if (word === '') return word;
  const first = String.fromCodePoint(word.codePointAt(0)!);
  return first.toLocaleUpperCase('lv') + word.slice(first.length);
}

export function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

/**
 * Carries the casing of `model` (a display form) onto `form` (an inflected
 * lower-case form of the same word): "Bērziņš" + "bērziņam" -> "Bērziņam",
 * "GMI" + "gmi" -> "GMI". Mixed case that cannot be carried returns null.
 */
export function applyCasing(model: string, form: string): string | null {
  if (model === lower(model)) return form;
  if (model === model.toLocaleUpperCase('lv') && /\p{L}/u.test(model)) return form.toLocaleUpperCase('lv');
  if (model === capitalize(lower(model))) return capitalize(form);
  return lower(model) === form ? model : null;
}

/**
 * Names of Latvian letters as said when spelling (IBANs, abbreviations), with
 * the variants a recogniser writes when it loses a macron ("be" for "bē").
 * Foreign letters appear in bank codes (PARX, NDEA) and foreign names.
 */
export const LETTER_NAMES: ReadonlyMap<string, string> = new Map([
  ['a', 'A'], ['ā', 'Ā'], ['bē', 'B'], ['be', 'B'], ['cē', 'C'], ['ce', 'C'], ['čē', 'Č'], ['če', 'Č'],
  ['dē', 'D'], ['de', 'D'], ['e', 'E'], ['ē', 'Ē'], ['ef', 'F'], ['gē', 'G'], ['ge', 'G'], ['ģē', 'Ģ'],
  ['hā', 'H'], ['ha', 'H'], ['i', 'I'], ['ī', 'I'], ['jē', 'J'], ['je', 'J'], ['kā', 'K'], ['ka', 'K'],
  ['ķē', 'Ķ'], ['el', 'L'], ['eļ', 'Ļ'], ['em', 'M'], ['en', 'N'], ['eņ', 'Ņ'], ['o', 'O'], ['pē', 'P'],
  ['pe', 'P'], ['kū', 'Q'], ['ku', 'Q'], ['er', 'R'], ['es', 'S'], ['eš', 'Š'], ['tē', 'T'], ['te', 'T'],
  ['u', 'U'], ['ū', 'Ū'], ['vē', 'V'], ['ve', 'V'], ['dubultvē', 'W'], ['iks', 'X'], ['igrek', 'Y'],
  ['zē', 'Z'], ['ze', 'Z'], ['žē', 'Ž'],
]);

/** Letter for a spelled letter name, or undefined. */
export function letterOf(word: string): string | undefined {
  return LETTER_NAMES.get(word);
}
