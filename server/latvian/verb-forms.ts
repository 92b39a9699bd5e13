/**
 * Participles and other verb forms that the Hunspell expansion lacks
 * ("sasvīdusi", "restaurētajām", "vērtējama"): recognised from a form it
 * does have, so the fuzzy step does not take them for mis-heard terms
 * ("izdegusi" -> "izdegumi" was the commonest false correction with a large
 * lexicon before this check).
 */

const ADJ = '(s|a|as|ai|u|ā|ās|ām|i|ie|iem|us|os|o|ais|ajam|ajai|ajā|ajām|ajiem|ajos|ajās)';
const RULES: ReadonlyArray<{ re: RegExp; base: (stem: string) => string }> = [
  // past active: izdeg-usi <- izdegu (1sg past); vērtēj-usi <- vērtēju
  { re: /^(.{3,})(usi|uši|ušu|ušas|ušās|ušām|ušiem|ušos|ušā|ušo|ušie|ušais|ušajam|ušajā|ušus|ušai)$/u, base: (s) => `${s}u` },
  // past passive: restaurēt-ajām <- restaurēt (infinitive)
  { re: new RegExp(`^(.{3,}t)${ADJ}$`, 'u'), base: (s) => s },
  // present passive: vērtēj-ama <- vērtējam (1pl present); also -āms
  { re: new RegExp(`^(.{3,}(?:am|ām))${ADJ}$`, 'u'), base: (s) => s },
  // present active: stindzin-oša <- stindzinot (converb)
  { re: new RegExp(`^(.{3,})oš${ADJ}$`, 'u'), base: (s) => `${s}ot` },
];

/** `common`: the word forms known to be Latvian (correction's WordSet fits). */
export function isVerbForm(word: string, common: { has(word: string): boolean }): boolean {
  for (const { re, base } of RULES) {
    const m = re.exec(word);
    if (m && common.has(base(m[1]!))) return true;
  }
  return false;
}
