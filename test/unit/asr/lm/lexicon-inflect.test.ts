import { beforeAll, describe, expect, it } from 'vitest';
import { adjectiveParadigm, alternate, guessNounParadigm } from '../../../../server/latvian/case-paradigms.ts';
import { analyse, expandEntry, parseHunspell, type HunspellDictionary } from '../../../../server/asr/lm/lexicon-hunspell.ts';
import { loadLatvianHunspell } from '../../../../server/asr/lm/lexicon-hunspell-lv.ts';
import { inflectTerm } from '../../../../server/asr/lm/lexicon-inflect.ts';

const forms = (variants: string[][]): string[] => variants.map((v) => v.join(' '));

describe('parseHunspell (tiny fixture)', () => {
  const aff = [
    'SET UTF-8',
    'NEEDAFFIX {',
    'CIRCUMFIX |',
    'SFX O Y 3',
    'SFX O s a [s] is:vpg',
    'SFX O s am [s] is:vpd',
    'SFX O š a [š] is:vpg',
    'SFX X Y 2',
    'SFX X s āk/O [s]',
    'SFX X s ākais/[| [s]',
  ].join('\n');
  const dic = ['3', 'galds/O po:lietv1r', 'ceļš/O po:lietv1r', 'labs/X po:īpv1i'].join('\n');
  const d = parseHunspell(aff, dic);

  it('expands suffixes with conditions and tags, twofold suffixes, not circumfixes', () => {
    expect(expandEntry(d, d.entries.get('galds')![0]!)).toEqual([
      { form: 'galds', tag: null },
      { form: 'galda', tag: 'vpg' },
      { form: 'galdam', tag: 'vpd' },
    ]);
    expect(expandEntry(d, d.entries.get('ceļš')![0]!).map((f) => f.form)).toEqual(['ceļš', 'ceļa']);
    // "lab" + "āk" then O on "labāk"? O needs a final s, so only the comparative stem
    expect(expandEntry(d, d.entries.get('labs')![0]!).map((f) => f.form)).toEqual(['labs', 'labāk']);
  });

  it('analyses an inflected form back to its headword', () => {
    const a = analyse(d, 'galdam');
    expect(a.map((x) => [x.entry.word, x.tag])).toEqual([['galds', 'vpd']]);
    expect(analyse(d, 'galds').map((x) => [x.entry.word, x.tag])).toEqual([['galds', null]]);
    expect(analyse(d, 'krēsls')).toEqual([]);
  });
});

describe('declension rules', () => {
  it('consonant alternation', () => {
    expect(alternate('Jān')).toBe('Jāņ');
    expect(alternate('brāl')).toBe('brāļ');
    expect(alternate('zvaigzn')).toBe('zvaigžņ');
    expect(alternate('aprūp')).toBe('aprūpj');
    expect(alternate('kaķ')).toBe('kaķ');
  });

  it('nouns of declensions 1–5 by ending; indeclinables give null', () => {
    const get = (w: string) => Object.fromEntries(guessNounParadigm(w)!.paradigm);
    expect(get('bērziņš')).toMatchObject({ vg: ['bērziņa'], vd: ['bērziņam'], dn: ['bērziņi'], dl: ['bērziņos'] });
    expect(get('kociņš').va).toEqual(['kociņu']);
    expect(get('ozols').vl).toEqual(['ozolā']);
    expect(get('kārlis')).toMatchObject({ vg: ['kārļa'], vd: ['kārlim'], dg: ['kārļu'] });
    expect(get('tirgus')).toMatchObject({ vg: ['tirgus'], vd: ['tirgum'], vl: ['tirgū'] });
    expect(get('bērziņa')).toMatchObject({ vg: ['bērziņas'], vd: ['bērziņai'], dd: ['bērziņām'] });
    expect(get('ģimene')).toMatchObject({ vg: ['ģimenes'], dg: ['ģimeņu'], vl: ['ģimenē'] });
    expect(guessNounParadigm('latvenergo')).toBeNull();
  });

  it('adjectives agree in gender, number and definiteness', () => {
    const p = adjectiveParadigm('sociālais', { gender: 'm', plural: false, definite: true });
    expect([p.get('vg'), p.get('vd'), p.get('dl')]).toEqual([['sociālā'], ['sociālajam'], ['sociālajos']]);
    const f = adjectiveParadigm('trūcīga', { gender: 'f', plural: false, definite: false });
    expect([f.get('vd'), f.get('dd')]).toEqual([['trūcīgai'], ['trūcīgām']]);
    expect(adjectiveParadigm('zaļš', { gender: 'm', plural: false, definite: false }).get('vn')).toEqual(['zaļš']);
    expect(adjectiveParadigm('zaļš', { gender: 'm', plural: false, definite: false }).get('vg')).toEqual(['zaļa']);
  });
});

describe('inflectTerm with the Latvian Hunspell dictionary', () => {
  let dict: HunspellDictionary;
  beforeAll(async () => {
    dict = await loadLatvianHunspell();
  });

  it('a noun: its case forms from Hunspell, term first', () => {
    expect(forms(inflectTerm('bāriņtiesa', dict))).toEqual(['bāriņtiesa', 'bāriņtiesas', 'bāriņtiesai', 'bāriņtiesu', 'bāriņtiesā', 'bāriņtiesām', 'bāriņtiesās']);
  });

  it('a genitive modifier stays, the head inflects', () => {
    const v = forms(inflectTerm('mājokļa pabalsts', dict));
    expect(v[0]).toBe('mājokļa pabalsts');
    expect(v).toEqual(expect.arrayContaining(['mājokļa pabalsta', 'mājokļa pabalstam', 'mājokļa pabalstu', 'mājokļa pabalstā', 'mājokļa pabalstiem']));
    expect(v.every((x) => x.startsWith('mājokļa '))).toBe(true);
    const after = forms(inflectTerm('pabalsts krīzes situācijā', dict));
    expect(after).toContain('pabalstu krīzes situācijā');
    expect(after.every((x) => x.endsWith(' krīzes situācijā'))).toBe(true);
    const twoGenitives = forms(inflectTerm('dienas aprūpes centrs', dict));
    expect(twoGenitives).toContain('dienas aprūpes centrā');
    expect(twoGenitives.every((x) => x.startsWith('dienas aprūpes '))).toBe(true);
  });

  it('adjectives and participles agree with the head', () => {
    expect(forms(inflectTerm('sociālais dienests', dict))).toEqual(
      expect.arrayContaining(['sociālā dienesta', 'sociālajam dienestam', 'sociālo dienestu', 'sociālajā dienestā', 'sociālie dienesti']),
    );
    expect(forms(inflectTerm('garantētais minimālais ienākums', dict))).toContain('garantētā minimālā ienākuma');
    expect(forms(inflectTerm('trūcīga mājsaimniecība', dict))).toContain('trūcīgai mājsaimniecībai');
    expect(forms(inflectTerm('sociālie pakalpojumi', dict))).toContain('sociālajiem pakalpojumiem');
  });

  it('names decline together, unknown surnames by rule; indeclinables stay', () => {
    expect(forms(inflectTerm('Jānis Bērziņš', dict))).toEqual(expect.arrayContaining(['jāņa bērziņa', 'jānim bērziņam', 'jāņu bērziņu']));
    expect(forms(inflectTerm('Anna Bērziņa', dict))).toContain('annai bērziņai');
    expect(forms(inflectTerm('Bērziņš', dict))).toContain('bērziņam');
    expect(forms(inflectTerm('Latvenergo', dict))).toEqual(['latvenergo']);
    expect(forms(inflectTerm('Rīgas ūdens', dict))).toContain('rīgas ūdenim');
  });
});

describe('inflectTerm without a dictionary (rules only)', () => {
  it('still covers the main declensions', () => {
    expect(forms(inflectTerm('bāriņtiesa', null))).toEqual(['bāriņtiesa', 'bāriņtiesas', 'bāriņtiesai', 'bāriņtiesu', 'bāriņtiesā', 'bāriņtiesām', 'bāriņtiesās']);
    expect(forms(inflectTerm('sociālais dienests', null))).toContain('sociālajam dienestam');
    // the last declinable word is the head: "mājokļa" stays as it is
    expect(forms(inflectTerm('mājokļa pabalsts', null))).toContain('mājokļa pabalstu');
    expect(forms(inflectTerm('', null))).toEqual([]);
  });
});
