/** applyFinal as the web page sees it: one final at a time, updates with only what changed. */
import { describe, expect, it } from 'vitest';
import { applyEdit, applyFinal, createFormState, setFocus, type FormState } from '../../../server/forms/form-state.ts';
import { fillFromText } from '../../../server/forms/fill.ts';
import { loadTemplateDir } from '../../../server/forms/template-loader.ts';

const registry = loadTemplateDir();
const majoklis = registry.get('majokla-pabalsts');
const piezime = registry.get('gadijuma-piezime');
const TODAY = new Date(2025, 2, 10);

function run(state: FormState, ...finals: string[]) {
  const updates = [];
  for (const f of finals) {
    const r = applyFinal(state, f);
    state = r.state;
    updates.push(r.update);
  }
  return { state, updates };
}

describe('applyFinal', () => {
  it('fills fields live, reporting only the changed ones, the focus and the seq', () => {
    const { state, updates } = run(createFormState(majoklis, { today: TODAY }), 'vārds jānis uzvārds bērziņš', 'adrese brīvības iela divdesmit trīs', 'dzīvoklis pieci madona');
    expect(updates[0]).toEqual({
      type: 'form.update', form: 'majokla-pabalsts', seq: 1, fields: { vards: 'Jānis', uzvards: 'Bērziņš' }, issues: [], focus: 'uzvards', saved: false, commands: [],
    });
    expect(updates[1]!.fields).toEqual({ adrese: 'Brīvības iela 23' });
    expect(updates[1]!.issues).toEqual([{ field: 'adrese', code: 'address_no_place', message: expect.any(String) }]);
    // the next final continues the address and re-reads it whole
    expect(updates[2]!.fields).toEqual({ adrese: 'Brīvības iela 23-5, Madona' });
    expect(updates[2]!.issues).toEqual([]);
    expect(state.seq).toBe(3);
  });

  it('a label alone moves the focus; its value may come in the next final', () => {
    const { updates } = run(createFormState(majoklis), 'tālrunis', 'divdesmit seši divpadsmit trīsdesmit četri piecdesmit seši');
    expect(updates[0]).toMatchObject({ fields: {}, focus: 'talrunis' });
    expect(updates[1]!.fields).toEqual({ talrunis: '26123456' });
  });

  it('starts in the first field', () => {
    expect(run(createFormState(majoklis), 'jānis').updates[0]!.fields).toEqual({ vards: 'Jānis' });
  });

  it('navigates in template order and stops at the ends', () => {
    const { state, updates } = run(createFormState(majoklis), 'iepriekšējais lauks', 'nākamais lauks bērziņš', 'nākamo lauku');
    expect(updates.map((u) => u.focus)).toEqual(['vards', 'uzvards', 'personas_kods']);
    expect(updates.map((u) => u.commands)).toEqual([['previous'], ['next'], ['next']]);
    expect(state.values).toEqual({ uzvards: 'Bērziņš' });
    const last = run(createFormState(majoklis, { focus: 'piezimes' }), 'nākamais lauks');
    expect(last.state.focus).toBe('piezimes');
  });

  it('labot replaces, dzēst clears (null in the update), saglabāt sets saved', () => {
    const { updates } = run(createFormState(majoklis), 'uzvārds bērziņš', 'labot uzvārdu bērziņa', 'dzēst uzvārdu', 'saglabāt');
    expect(updates.map((u) => u.fields)).toEqual([{ uzvards: 'Bērziņš' }, { uzvards: 'Bērziņa' }, { uzvards: null }, {}]);
    expect(updates.map((u) => u.commands)).toEqual([[], ['correct'], ['clear'], ['save']]);
    expect(updates.map((u) => u.saved)).toEqual([false, false, false, true]);
  });

  it('"lauks" without a label is an ordinary word', () => {
    expect(run(createFormState(majoklis, { focus: 'piezimes' }), 'lauks ir aparts').state.values).toEqual({ piezimes: 'Lauks ir aparts' });
  });

  it('keeps an invalid value as heard and reports it', () => {
    const { updates } = run(createFormState(majoklis), 'konta numurs el vē astoņdesmit bē a en kā');
    expect(updates[0]!.fields).toEqual({ iban: 'LV80BANK' });
    expect(updates[0]!.issues.map((i) => i.code)).toEqual(['iban_format']);
  });

  it('does not change the state it was given', () => {
    const start = createFormState(majoklis);
    const frozen = JSON.stringify({ values: start.values, heard: start.heard, focus: start.focus });
    applyFinal(start, 'vārds jānis uzvārds bērziņš');
    expect(JSON.stringify({ values: start.values, heard: start.heard, focus: start.focus })).toBe(frozen);
  });
});

describe('labels inside free text', () => {
  const fill = (text: string | string[]) => fillFromText(piezime, text, { today: TODAY }).fields;

  it('a name label in prose is prose; "lauks"/"labot" reach the field', () => {
    expect(fill('apraksts klients ieradās punkts klients lūdza pabalstu')).toEqual({ apraksts: 'Klients ieradās. Klients lūdza pabalstu' });
    expect(fill('apraksts viss kārtībā punkts labot klientu anna ozola')).toEqual({ apraksts: 'Viss kārtībā.', klients: 'Anna Ozola' });
  });

  it('a structured field starts only when its kind of value follows', () => {
    expect(fill('apraksts datums nav zināms')).toEqual({ apraksts: 'Datums nav zināms' });
    expect(fill('apraksts viss kārtībā datums šodien')).toEqual({ apraksts: 'Viss kārtībā', datums: '2025-03-10' });
  });

  it('the next text field starts at a sentence end or by its own label; a synonym mid-sentence stays prose', () => {
    expect(fill('apraksts pieņemts lēmums par pabalstu')).toEqual({ apraksts: 'Pieņemts lēmums par pabalstu' });
    expect(fill('apraksts ieradās punkts lēmums piešķirt')).toEqual({ apraksts: 'Ieradās.', lemumi: 'Piešķirt' });
    expect(fill('apraksts ieradās laikā lēmumi piešķirt')).toEqual({ apraksts: 'Ieradās laikā', lemumi: 'Piešķirt' });
  });

  it('bare commands inside prose act only at the end of an utterance', () => {
    expect(fill('apraksts lūdz dzēst parādu')).toEqual({ apraksts: 'Lūdz dzēst parādu' });
    expect(fill(['apraksts vēlas saglabāt dzīvokli', 'dzēst'])).toEqual({});
  });
});

describe('keyboard edits and focus', () => {
  it('applyEdit canonicalises and checks a typed value; null clears', () => {
    let s = createFormState(majoklis);
    s = applyEdit(s, 'ire', '180,50');
    s = applyEdit(s, 'personas_kods', '21038512345');
    expect(s.values).toEqual({ ire: 180.5, personas_kods: '210385-12345' });
    expect(s.issues['personas_kods']?.map((i) => i.code)).toEqual(['personal_code_checksum']);
    s = applyEdit(s, 'personas_kods', null);
    expect(s.values).toEqual({ ire: 180.5 });
    expect(s.issues).toEqual({});
  });

  it('dictation after a click into a field replaces it; a later final continues it', () => {
    let s = applyEdit(createFormState(majoklis), 'vards', 'Pēteris');
    s = setFocus(s, 'vards');
    s = applyFinal(s, 'jānis').state;
    s = applyFinal(s, 'marija').state;
    expect(s.values['vards']).toBe('Jānis Marija');
  });

  it('ignores unknown fields', () => {
    const s = createFormState(majoklis);
    expect(applyEdit(s, 'nav', 'x')).toBe(s);
    expect(setFocus(s, 'nav')).toBe(s);
  });
});
