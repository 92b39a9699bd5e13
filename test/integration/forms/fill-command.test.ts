/** `diktats fill` in-process: the contract JSON, the readable form, usage and failures. */
import { describe, expect, it } from 'vitest';
import { main } from '../../../server/cli.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../../../server/cli/command-io.ts';
import { fillCommand } from '../../../server/cli/fill-command.ts';
import { captureIo } from '../../unit/cli/capture-io.ts';

const SPOKEN =
  'vārds jānis uzvārds bērziņš personas kods divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri pieci adrese brīvības iela divdesmit trīs dzīvoklis pieci madona tālrunis divdesmit seši divpadsmit trīsdesmit četri piecdesmit seši īres maksa simts astoņdesmit eiro un piecdesmit centi saglabāt';

describe('diktats fill', () => {
  it('--json prints {"form","fields","issues"} on one line, through the dispatcher', async () => {
    const io = captureIo();
    expect(await main(['fill', '--form', 'majokla-pabalsts', '--text', SPOKEN, '--json', '--punctuation-only'], io)).toBe(EXIT_OK);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      form: 'majokla-pabalsts',
      fields: { vards: 'Jānis', uzvards: 'Bērziņš', personas_kods: '210385-12345', adrese: 'Brīvības iela 23-5, Madona', talrunis: '26123456', ire: 180.5 },
      issues: [{ field: 'personas_kods', code: 'personal_code_checksum', message: 'Personas koda kontrolcipars nesakrīt; kāds cipars ir sadzirdēts nepareizi.' }],
    });
    expect(io.err()).toBe('');
  });

  it('prints a readable form by default and runs free text through the correction pipeline', async () => {
    const io = captureIo();
    const code = await fillCommand(['--form', 'gadijuma-piezime', '--today', '2025-03-10', '--final', 'klients anna ozola datums šodien', '--final', 'apraksts ieradās ar meitu annu punkts'], io);
    expect(code).toBe(EXIT_OK);
    expect(io.out()).toBe('klients   "Anna Ozola"\ndatums    "2025-03-10"\napraksts  "Ieradās ar meitu Annu."\n');
  });

  it('lists issues after the fields', async () => {
    const io = captureIo();
    await fillCommand(['--form', 'majokla-pabalsts', '--text', 'tālrunis divdesmit seši', '--punctuation-only'], io);
    expect(io.out()).toBe('talrunis  "26"\n! talrunis: Tālruņa numuram jābūt 8 cipariem, piemēram, 26123456. (phone_invalid)\n');
  });

  it('usage errors exit 2 with the usage text', async () => {
    for (const argv of [[], ['--form', 'majokla-pabalsts'], ['--text', 'x'], ['--form', 'x', '--text', 'a', '--final', 'b'], ['--form', 'x', '--text', 'a', '--bogus'], ['--form', 'x', '--text', 'a', '--today', '10.03.2025']]) {
      const io = captureIo();
      expect(await fillCommand(argv, io), argv.join(' ')).toBe(EXIT_USAGE);
      expect(io.err()).toContain('Usage:');
    }
  });

  it('an unknown form exits 1 with the coded error', async () => {
    const io = captureIo();
    expect(await fillCommand(['--form', 'nav-tadas', '--text', 'x', '--punctuation-only'], io)).toBe(EXIT_FAILURE);
    expect(io.err()).toMatch(/^diktats fill: FORM_ERR_TEMPLATE_NOT_FOUND: No form template with that id/u);
  });

  it('--help exits 0', async () => {
    const io = captureIo();
    expect(await fillCommand(['--help'], io)).toBe(EXIT_OK);
    expect(io.out()).toContain('diktats fill --form ID --text');
  });
});
