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

describe('the weak spots of the last round (address tail, a long street after a name, a numeric date)', () => {
  it('a street of two words right after a name, when the streets corpus knows it', () => {
    const r = fill(majoklis, 'kristīne ozoliņa krišjāņa barona iela simts dzīvoklis divpadsmit rīga');
    expect(r.fields).toEqual({ vards: 'Kristīne', uzvards: 'Ozoliņa', adrese: 'Krišjāņa Barona iela 100-12, Rīga' });
    // a street the corpus does not know keeps one name word after a name: the name is not eaten
    expect(fill(majoklis, 'pēteris kalns lielā iela desmit jelgava').fields).toEqual({ vards: 'Pēteris', uzvards: 'Kalns', adrese: 'Lielā iela 10, Jelgava' });
  });

  it('a phone right after the flat number is not more of the address', () => {
    const r = fill(majoklis, 'ogrē skolas iela trīs dzīvoklis divpadsmit divdesmit deviņi nulle nulle vienpadsmit divdesmit divi');
    expect(r.fields).toEqual({ adrese: 'Skolas iela 3-12, Ogre', talrunis: '29001122' });
    // without a flat a number after the house number is still the flat ("23-5")
    expect(fill(majoklis, 'adrese brīvības iela divdesmit trīs pieci madona').fields.adrese).toBe('Brīvības iela 23-5, Madona');
  });

  it('the address ends with its place: "ģimenē" is the household label, any other word starts the next field', () => {
    expect(fill(majoklis, 'brīvības iela pieci madona ģimenē trīs cilvēki').fields).toEqual({ adrese: 'Brīvības iela 5, Madona', majsaimniecibas_locekli: 3 });
    const other = fill(majoklis, 'adrese meža iela piecpadsmit tukums bezdarbnieks');
    expect(other.fields.adrese).toBe('Meža iela 15, Tukums');
    // the word is not dropped: it stays in the next field with that field's issue
    expect(other.fields.talrunis).toBe('bezdarbnieks');
    expect(other.issues.map((i) => i.field)).toEqual(['talrunis']);
    // the place's own parts stay: "Lazdonas pagasts, Madonas novads", a postcode
    expect(fill(majoklis, 'adrese dzirnavu iela trīs dzīvoklis astoņi lazdonas pagasts madonas novads').fields.adrese).toBe('Dzirnavu iela 3-8, Lazdonas pagasts, Madonas novads');
    expect(fill(majoklis, 'adrese tērbatas iela deviņi dzīvoklis seši rīga el vē desmit vienpadsmit').fields.adrese).toBe('Tērbatas iela 9-6, Rīga, LV-1011');
    // an address without a house number (a farmstead) keeps the words after the place
    expect(fill(majoklis, 'adrese lazdonas pagasts madonas novads mājas lejas').fields).toEqual({ adrese: 'Lazdonas pagasts, Madonas novads, Mājas Lejas' });
  });

  it('a date said in numbers finds its field when the year is said as a year', () => {
    const h = fill(majoklis, ['el vē astoņdesmit septiņi hā a bē a nulle pieci pieci viens nulle viens divi trīs četri pieci seši septiņi astoņi', 'divdesmit pieci nulle trīs divi tūkstoši divdesmit pieci']);
    expect(h.fields).toEqual({ iban: 'LV87HABA0551012345678', datums: '2025-03-25' });
    const c = fill(piezime, 'juris kalniņš vienpadsmit nulle četri astoņdesmit viens domuzīme divpadsmit septiņdesmit divi septiņi telefonsaruna nulle septiņi nulle trīs divi tūkstoši divdesmit pieci klients zvanīja par rēķinu punkts');
    expect(c.fields).toEqual({
      klients: 'Juris Kalniņš',
      personas_kods: '110481-12727',
      vizites_veids: 'telefonsaruna',
      datums: '2025-03-07',
      apraksts: 'Klients zvanīja par rēķinu.',
    });
    // eight digits without "tūkstoši" are a phone number as much as a date: the phone's shape wins
    expect(fill(majoklis, 'jānis bērziņš divdesmit pieci nulle trīs divdesmit divdesmit pieci').fields.talrunis).toBe('25032025');
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

  it('the same over the socket for this round\'s rules: a two-word street after a name, a phone after the flat, "ģimenē", a numeric date', () => {
    const finals = [
      'kristīne ozoliņa krišjāņa barona iela simts dzīvoklis divpadsmit rīga divdesmit deviņi nulle nulle vienpadsmit divdesmit divi',
      'ģimenē divi cilvēki',
      'divdesmit pieci nulle trīs divi tūkstoši divdesmit pieci',
    ];
    const db = openDatabase(':memory:');
    const session = new FormSession({ templates, store: createFormRepository(db), userId: 1, correction, now: () => today });
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' });
    const fields: Record<string, unknown> = {};
    for (const f of finals) for (const m of session.handleFinal(f)) if (m.type === 'form.update') for (const [k, v] of Object.entries(m.fields)) if (v !== null) fields[k] = v;
    db.close();
    const cli = fill(majoklis, finals);
    expect(fields).toEqual(cli.fields);
    expect(cli.fields).toEqual({
      vards: 'Kristīne',
      uzvards: 'Ozoliņa',
      adrese: 'Krišjāņa Barona iela 100-12, Rīga',
      talrunis: '29001122',
      majsaimniecibas_locekli: 2,
      datums: '2025-03-25',
    });
  });
});
