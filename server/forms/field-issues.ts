/**
 * Problems with a field's value, for the clerk: a stable code for programs and
 * a Latvian message that says what is wrong and what is expected. A value with
 * an issue is still kept as heard; issues never remove data.
 */

export const ISSUE_CODES = [
  'required',
  'not_a_number',
  'out_of_range',
  'money_invalid',
  'personal_code_format',
  'personal_code_date',
  'personal_code_checksum',
  'phone_invalid',
  'iban_format',
  'iban_length',
  'iban_checksum',
  'date_invalid',
  'enum_unknown',
  'address_no_number',
  'address_no_place',
  'name_invalid',
  'name_has_number',
  'reference_invalid',
  'too_long',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

export interface FieldIssue {
  readonly field: string;
  readonly code: IssueCode;
  readonly message: string;
}

/** An issue before it is attached to a field. */
export interface IssueDraft {
  readonly code: IssueCode;
  readonly message: string;
}

const fmt = (n: number): string => String(n).replace('.', ',');

export const issue = {
  required: (): IssueDraft => ({ code: 'required', message: 'Obligāts lauks nav aizpildīts.' }),
  notANumber: (): IssueDraft => ({ code: 'not_a_number', message: 'Jābūt veselam skaitlim, piemēram, "trīs".' }),
  outOfRange: (min: number | undefined, max: number | undefined): IssueDraft => ({
    code: 'out_of_range',
    message:
      min !== undefined && max !== undefined
        ? `Vērtībai jābūt no ${fmt(min)} līdz ${fmt(max)}.`
        : min !== undefined
          ? `Vērtībai jābūt vismaz ${fmt(min)}.`
          : `Vērtībai jābūt ne lielākai par ${fmt(max ?? 0)}.`,
  }),
  moneyInvalid: (): IssueDraft => ({
    code: 'money_invalid',
    message: 'Nav saprotama summa; sakiet, piemēram, "simts astoņdesmit eiro un piecdesmit centi".',
  }),
  personalCodeFormat: (): IssueDraft => ({
    code: 'personal_code_format',
    message: 'Personas kodam jābūt 11 cipariem formā DDMMGG-NNNNN.',
  }),
  personalCodeDate: (): IssueDraft => ({
    code: 'personal_code_date',
    message: 'Personas koda pirmie cipari nav derīgs dzimšanas datums; pārbaudiet dienu, mēnesi un gadu.',
  }),
  personalCodeChecksum: (): IssueDraft => ({
    code: 'personal_code_checksum',
    message: 'Personas koda kontrolcipars nesakrīt; kāds cipars ir sadzirdēts nepareizi.',
  }),
  phoneInvalid: (): IssueDraft => ({ code: 'phone_invalid', message: 'Tālruņa numuram jābūt 8 cipariem, piemēram, 26123456.' }),
  ibanFormat: (): IssueDraft => ({
    code: 'iban_format',
    message: 'Konta numuram jābūt IBAN formā: valsts burti, divi kontrolcipari un konts, piemēram, LV80BANK0000435195001.',
  }),
  ibanLength: (expected: number): IssueDraft => ({ code: 'iban_length', message: `Šīs valsts IBAN garumam jābūt ${expected} simboliem.` }),
  ibanChecksum: (): IssueDraft => ({ code: 'iban_checksum', message: 'IBAN kontrolcipari nesakrīt; kāds burts vai cipars ir sadzirdēts nepareizi.' }),
  dateInvalid: (): IssueDraft => ({
    code: 'date_invalid',
    message: 'Nav saprotams datums; sakiet, piemēram, "četrpadsmitais marts divi tūkstoši divdesmit pieci".',
  }),
  enumUnknown: (values: readonly string[]): IssueDraft => ({ code: 'enum_unknown', message: `Jābūt vienam no: ${values.join(', ')}.` }),
  addressNoNumber: (): IssueDraft => ({ code: 'address_no_number', message: 'Adresei trūkst mājas numura.' }),
  addressNoPlace: (): IssueDraft => ({ code: 'address_no_place', message: 'Adresei trūkst pilsētas, ciema vai novada.' }),
  nameInvalid: (): IssueDraft => ({ code: 'name_invalid', message: 'Vārdā drīkst būt tikai burti, atstarpes un defises.' }),
  nameHasNumber: (heard: string): IssueDraft => ({
    code: 'name_has_number',
    message: `Vārdā nav skaitļu: "${heard}" netika ierakstīts; pasakiet to ar lauka nosaukumu, piemēram, "personas kods …".`,
  }),
  referenceInvalid: (): IssueDraft => ({
    code: 'reference_invalid',
    message: 'Numurā drīkst būt tikai burti, cipari, domuzīmes un slīpsvītras.',
  }),
  tooLong: (max: number): IssueDraft => ({ code: 'too_long', message: `Teksts ir garāks par ${max} zīmēm.` }),
} as const;
