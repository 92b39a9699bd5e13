import { describe, expect, it } from 'vitest';
import { buildLexicon } from '../../../../server/correction/domain-lexicon.ts';
import { spokenToWritten } from '../../../../server/correction/itn/spoken-to-written.ts';

const lexicon = buildLexicon([
  { term: 'GMI', category: 'abbreviation', spoken: 'gē em ī' },
  { term: 'VSAA', category: 'abbreviation', spoken: 'vē es ā ā' },
  { term: 'VARAM', category: 'abbreviation', spoken: 'varam' },
  { term: 'Tele2', category: 'provider', spoken: 'tele divi' },
]);
const itn = (text: string, digits = false) => spokenToWritten(text, lexicon, { numbers: digits ? 'digits' : 'prose', commonWords: new Set(['varam']) }).text;

describe('spokenToWritten', () => {
  it('writes the issue example', () => {
    const r = spokenToWritten(
      'īres maksa simts astoņdesmit eiro un piecdesmit centi personas kods divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri pieci punkts',
      lexicon,
    );
    expect(r.text).toBe('īres maksa 180,50 EUR personas kods 210385-12345 punkts');
    expect(r.corrections.map((c) => [c.kind, c.from, c.to])).toEqual([
      ['money', 'simts astoņdesmit eiro un piecdesmit centi', '180,50 EUR'],
      ['personal-code', 'divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri pieci', '210385-12345'],
    ]);
    const money = r.corrections[0]!;
    expect(r.corrections.every((c) => c.step === 'itn')).toBe(true);
    expect(money.start).toBe('īres maksa '.length);
  });

  describe('money', () => {
    it.each([
      ['divsimt eiro', '200 EUR'],
      ['divi simti trīsdesmit eiro astoņdesmit centi', '230,80 EUR'],
      ['piecdesmit centi', '0,50 EUR'],
      ['tūkstotis divi simti eiro un pieci centi', '1200,05 EUR'],
      ['trīs komats divdesmit pieci eiro', '3,25 EUR'],
      ['pusotrs eiro', '1,50 EUR'],
      ['divpadsmit tūkstoši pieci simti eiro', '12500 EUR'],
    ])('%s -> %s', (spoken, written) => expect(itn(spoken)).toBe(written));
  });

  describe('dates', () => {
    it.each([
      ['divi tūkstoši divdesmit ceturtā gada piektajā septembrī', '2024. gada 5. septembrī'],
      ['piektais septembris divi tūkstoši divdesmit četri', '2024. gada 5. septembris'],
      ['piektajā septembrī divi tūkstoši divdesmit četri gada', '2024. gada 5. septembrī'],
      ['no pirmā februāra līdz divdesmit astotajam februārim', 'no 1. februāra līdz 28. februārim'],
      ['tūkstoš deviņsimt piecdesmit otrajā gadā', '1952. gadā'],
      ['divi tūkstoši divdesmitais gads', '2020. gads'],
    ])('%s -> %s', (spoken, written) => expect(itn(spoken)).toBe(written));
  });

  describe('times', () => {
    it.each([
      ['desmitos trīsdesmit', '10.30'],
      ['pulksten desmitos', 'pulksten 10.00'],
      ['pulksten divpadsmit nulle pieci', 'pulksten 12.05'],
      ['divdesmit trijos piecpadsmit', '23.15'],
      ['pusdesmitos', '9.30'],
      ['divos gadījumos', 'divos gadījumos'],
    ])('%s -> %s', (spoken, written) => expect(itn(spoken)).toBe(written));
  });

  describe('codes', () => {
    it.each([
      ['personas kods trīsdesmit divi divpadsmit trīsdesmit četri domuzīme piecdesmit seši septiņdesmit astoņi deviņi', 'personas kods 321234-56789'],
      ['personas kods nulle pieci nulle seši seši septiņi viens viens divi trīs četri', 'personas kods 050667-11234'],
      ['tālrunis divdesmit seši viens divi trīs četri pieci seši', 'tālrunis 26123456'],
      ['sešdesmit septiņi divdesmit viens trīsdesmit divi piecdesmit četri', '67213254'],
      ['tālrunis plus trīs septiņi viens divdesmit divi viens viens divi divi trīs trīs', 'tālrunis +371 22112233'],
      ['rēķina numurs divpadsmit trīsdesmit četri', 'rēķina numurs 1234'],
      [
        'el vē astoņdesmit bē a en kā nulle nulle nulle nulle četrdesmit trīs pieci viens deviņdesmit pieci nulle nulle viens',
        'LV80BANK0000435195001',
      ],
      ['konts el ve divdesmit pē a er iks nulle nulle viens divi trīs četri pieci seši septiņi astoņi deviņi nulle viens', 'konts LV20PARX0012345678901'],
    ])('%s -> %s', (spoken, written) => expect(itn(spoken)).toBe(written));

    it('leaves two short groups to the other rules', () => {
      expect(itn('divas trīs reizes')).toBe('divas trīs reizes');
    });
  });

  describe('abbreviations', () => {
    it('writes letter-name spellings from the lexicon', () => {
      expect(itn('gē em ī pabalsts no vē es ā ā')).toBe('GMI pabalsts no VSAA');
      expect(itn('tele divi')).toBe('Tele2');
    });

    it('leaves a one-word abbreviation that is also an ordinary word', () => {
      expect(itn('mēs varam palīdzēt')).toBe('mēs varam palīdzēt');
    });
  });

  describe('numbers in prose', () => {
    it.each([
      ['viens no viņiem', 'viens no viņiem'],
      ['ģimenē ir trīs bērni', 'ģimenē ir trīs bērni'],
      ['trīs gadi', '3 gadi'],
      ['divas istabas', '2 istabas'],
      ['pusotra mēneša', '1,5 mēneša'],
      ['vienpadsmit bērni', '11 bērni'],
      ['divdesmit trīs personas', '23 personas'],
      ['divi komats pieci procenti', '2,5 %'],
      ['divi komats trīs', 'divi komats trīs'],
      ['brīvības iela divdesmit trīs dzīvoklis pieci', 'brīvības iela 23-5'],
      ['raiņa ielā četrpadsmit a', 'raiņa ielā 14A'],
      ['skolas ielā septiņi', 'skolas ielā 7'],
    ])('%s -> %s', (spoken, written) => expect(itn(spoken)).toBe(written));

    it('writes every number in digits for form fields', () => {
      expect(itn('trīs', true)).toBe('3');
      expect(itn('viens no viņiem', true)).toBe('1 no viņiem');
    });
  });

  describe('ordinals', () => {
    it.each([
      ['trešajā stāvā', '3. stāvā'],
      ['otrās grupas invaliditāte', '2. grupas invaliditāte'],
      ['divdesmit piektais iesniegums', '25. iesniegums'],
      ['trešais bērns', 'trešais bērns'],
      ['otrā pusē', 'otrā pusē'],
      ['pirmo reizi', 'pirmo reizi'],
    ])('%s -> %s', (spoken, written) => expect(itn(spoken)).toBe(written));
  });

  it('passes punctuation commands and unknown words through', () => {
    const r = spokenToWritten('klients ieradās punkts jauna rindkopa', lexicon);
    expect(r.text).toBe('klients ieradās punkts jauna rindkopa');
    expect(r.corrections).toEqual([]);
  });
});
