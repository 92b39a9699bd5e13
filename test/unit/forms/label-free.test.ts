/**
 * Label-free filling (issue 15) from real-looking dictations: values find
 * their fields by shape, names split and never take numbers, a value complete
 * by its shape moves the focus on, template aliases, and the same result over
 * the socket (FormSession) as from `diktats fill` (fillFromText).
 * These are development cases; the held-out ones are test/fixtures/forms/blind*.jsonl.
 */
import { describe, expect, it } from 'vitest';
import { loadBundledContext } from '../../../server/correction/bundled-corpora.ts';
import { fillFromText } from '../../../server/forms/fill.ts';
import type { FormServerMessage } from '../../../server/forms/form-messages.ts';
import { FormSession } from '../../../server/forms/form-session.ts';
import { applyFinal, createFormState } from '../../../server/forms/form-state.ts';
import { loadTemplateDir } from '../../../server/forms/template-loader.ts';
import { openDatabase } from '../../../server/storage/database.ts';
import { createFormRepository } from '../../../server/storage/form-repository.ts';

const templates = loadTemplateDir();
const correction = loadBundledContext();
const today = new Date(2025, 2, 10);
const majoklis = templates.get('majokla-pabalsts');
const piezime = templates.get('gadijuma-piezime');
const fill = (form: typeof majoklis, text: string | string[]) => fillFromText(form, text, { today, correction });

describe('values choose their field by shape', () => {
  it('the issue\'s own example: a name then a personal code, no labels', () => {
    const r = fill(majoklis, 'jānis bērziņš divdesmit viens nulle trīs astoņdesmit pieci domuzīme viens divi trīs četri septiņi');
    expect(r.fields).toEqual({ vards: 'Jānis', uzvards: 'Bērziņš', personas_kods: '210385-12347' });
    expect(r.issues).toEqual([]);
  });

  it('code, address, phone, IBAN and date in the paper\'s order', () => {
    const r = fill(
      majoklis,
      'marta ozola nulle pieci nulle septiņi septiņdesmit deviņi domuzīme vienpadsmit divdesmit divi astoņi ' +
        'brīvības iela divdesmit trīs dzīvoklis pieci madona divdesmit seši divpadsmit trīsdesmit četri piecdesmit seši ' +
        'el vē astoņdesmit septiņi hā a bē a nulle pieci pieci viens nulle viens divi trīs četri pieci seši septiņi astoņi ' +
        'četrpadsmitais marts divi tūkstoši divdesmit pieci',
    );
    expect(r.fields).toEqual({
      vards: 'Marta',
      uzvards: 'Ozola',
      personas_kods: '050779-11228',
      adrese: 'Brīvības iela 23-5, Madona',
      talrunis: '26123456',
      iban: 'LV87HABA0551012345678',
      datums: '2025-03-14',
    });
  });

  it('a code without "domuzīme" needs a valid check digit; otherwise it stays where it was said, with an issue', () => {
    expect(fill(majoklis, 'jānis bērziņš divdesmit viens nulle trīs astoņdesmit pieci divpadsmit trīsdesmit četri septiņi').fields.personas_kods).toBe('210385-12347');
    const wrong = fill(majoklis, 'jānis bērziņš divdesmit viens nulle trīs astoņdesmit pieci divpadsmit trīsdesmit četri pieci');
    expect(wrong.fields.personas_kods).toBeUndefined();
    expect(wrong.issues.map((i) => i.code)).toContain('name_has_number');
  });

  it('money needs its label (three money fields), and one label may follow another in one breath', () => {
    const r = fill(majoklis, 'īre simts astoņdesmit eiro komunālie deviņdesmit pieci eiro ienākumi četri simti');
    expect(r.fields).toEqual({ ire: 180, komunalie: 95, ienakumi: 400 });
    // a bare amount after a name does not become a money value
    expect(fill(majoklis, 'jānis bērziņš simts eiro').fields.ire).toBeUndefined();
  });

  it('a count with its noun fills the only integer field; an organisation from the list fills its field', () => {
    const r = fill(majoklis, 'ilze liepa trīs cilvēki ienākumi pieci simti eiro latvijas gāze');
    expect(r.fields).toMatchObject({ vards: 'Ilze', uzvards: 'Liepa', majsaimniecibas_locekli: 3, ienakumi: 500, pakalpojuma_sniedzejs: 'Latvijas Gāze' });
  });

  it('case note: client, code, option, date, then the prose goes to the description', () => {
    const r = fill(
      piezime,
      'anna kalniņa trīsdesmit viens divpadsmit deviņdesmit domuzīme četrpadsmit piecdesmit seši viens klātiene ' +
        'devītais marts kliente ieradās laikā punkts lēmumi piešķirt pabalstu punkts',
    );
    expect(r.fields).toEqual({
      klients: 'Anna Kalniņa',
      personas_kods: '311290-14561',
      vizites_veids: 'klātienes konsultācija',
      datums: '2025-03-09',
      apraksts: 'Kliente ieradās laikā.',
      lemumi: 'Piešķirt pabalstu.',
    });
  });
});

describe('type checks while filling', () => {
  it('a name never takes number words: they are named in an issue', () => {
    const r = fill(majoklis, 'vārds jānis trīs');
    expect(r.fields.vards).toBe('Jānis');
    expect(r.issues).toEqual([expect.objectContaining({ field: 'vards', code: 'name_has_number' })]);
  });

  it('an amount inside free text stays text, and no money field is filled from prose', () => {
    const r = fill(piezime, 'apraksts klientam ir parāds simts divdesmit eiro par īri punkts');
    expect(Object.keys(r.fields)).toEqual(['apraksts']);
    // the correction pipeline writes the amount in figures ("120 EUR"); it stays in the text
    expect(String(r.fields.apraksts)).toMatch(/^Klientam ir parāds .*120.* par īri\.$/u);
  });

  it('a dative one letter from the client label ("klientam") does not overwrite the client', () => {
    const r = fill(piezime, ['anna kalniņa trīsdesmit viens divpadsmit deviņdesmit domuzīme četrpadsmit piecdesmit seši viens', 'klientam ir parāds punkts']);
    expect(r.fields.klients).toBe('Anna Kalniņa');
  });

  it('prose after a date does not leave the text field for a name label', () => {
    const r = fill(piezime, 'klients pēteris ozols zvans vakar klients lūdza atzvanīt punkts');
    expect(r.fields).toEqual({ klients: 'Pēteris Ozols', vizites_veids: 'telefonsaruna', datums: '2025-03-09', apraksts: 'Klients lūdza atzvanīt.' });
  });
});

describe('auto-advance, names and aliases', () => {
  it('a complete code moves the focus on; "iepriekšējais lauks" counts from the field just filled', () => {
    let s = createFormState(majoklis, { today, correction });
    s = applyFinal(s, 'personas kods divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri septiņi').state;
    expect(s.focus).toBe('adrese');
    s = applyFinal(s, 'iepriekšējais lauks').state;
    expect(s.focus).toBe('uzvards');
  });

  it('an unlabelled full name is split; after "vārds" two given names stay together', () => {
    expect(fill(majoklis, 'ilze kalniņa domuzīme liepiņa').fields).toEqual({ vards: 'Ilze', uzvards: 'Kalniņa-Liepiņa' });
    expect(fill(majoklis, 'vārds anna marija uzvārds ozoliņa').fields).toEqual({ vards: 'Anna Marija', uzvards: 'Ozoliņa' });
    expect(fill(majoklis, 'bērziņš jānis').fields).toEqual({ vards: 'Jānis', uzvards: 'Bērziņš' });
  });

  it('short aliases from the template: "kods", "tālr", "tālāk", "gatavs"', () => {
    let s = createFormState(majoklis, { today, correction });
    s = applyFinal(s, 'kods divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri septiņi tālr divdesmit seši divpadsmit trīsdesmit četri piecdesmit seši').state;
    expect(s.values).toMatchObject({ personas_kods: '210385-12347', talrunis: '26123456' });
    const r = applyFinal(applyFinal(s, 'tālāk').state, 'gatavs');
    expect(r.update.commands).toEqual(['save']);
    expect(r.state.saved).toBe(true);
  });

  it('a template alias that is also a label is refused at load', async () => {
    const { compileTemplate } = await import('../../../server/forms/template-loader.ts');
    const bad = { ...majoklis.template, commands: { next: ['kods'] } };
    expect(() => compileTemplate(bad, 'bad.json')).toThrowError(/commands\/next\/0.*personas_kods/u);
  });
});

describe('one fill path: the socket gives what `diktats fill` gives', () => {
  it('same fields and issues from the same finals', () => {
    const finals = ['gints rozītis', 'astoņpadsmit vienpadsmit deviņdesmit trīs domuzīme divpadsmit septiņdesmit trīs septiņi', 'meža iela piecpadsmit tukums', 'divdesmit seši piecdesmit pieci sešdesmit seši septiņdesmit septiņi'];
    const db = openDatabase(':memory:');
    const session = new FormSession({ templates, store: createFormRepository(db), userId: 1, correction, now: () => today });
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' });
    let last: FormServerMessage | undefined;
    const fields: Record<string, unknown> = {};
    for (const f of finals) {
      for (const m of session.handleFinal(f)) {
        last = m;
        if (m.type === 'form.update') for (const [k, v] of Object.entries(m.fields)) if (v !== null) fields[k] = v;
      }
    }
    db.close();
    const cli = fill(majoklis, finals);
    expect(fields).toEqual(cli.fields);
    expect(last?.type === 'form.update' ? last.issues : null).toEqual(cli.issues);
    expect(cli.fields).toEqual({ vards: 'Gints', uzvards: 'Rozītis', personas_kods: '181193-12737', adrese: 'Meža iela 15, Tukums', talrunis: '26556677' });
  });
});
