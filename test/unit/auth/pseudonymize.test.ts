import { describe, expect, it } from 'vitest';
import { createPseudonymizer } from '../../../server/auth/pseudonymize.ts';
import { hashPassword, verifyPassword } from '../../../server/auth/password.ts';
import { createSetupGate, isLoopback } from '../../../server/auth/setup-gate.ts';

describe('pseudonymizer', () => {
  const p = createPseudonymizer('test-key');

  it('masks personal codes, IBANs, phones, e-mails and names in written text; keeps the rest', () => {
    const text = 'Klients Jānis Bērziņš, personas kods 210385-12347, tālrunis 26123456, konts LV80BANK0000435195001, e-pasts janis@example.lv. Ieradās laikā.';
    const masked = p.written(text);
    for (const secret of ['Jānis', 'Bērziņš', '210385', '12347', '26123456', 'LV80BANK', 'janis@example.lv']) expect(masked).not.toContain(secret);
    expect(masked).toMatch(/^Klients VARDS-[a-p]{8} VARDS-[a-p]{8}, personas kods PK-[a-p]{8}, tālrunis TEL-[a-p]{8}, konts IBAN-[a-p]{8}, e-pasts EPASTS-[a-p]{8}\. Ieradās laikā\.$/);
  });

  it('is stable: the same value gets the same pseudonym (with or without the hyphen, in any case); another key another one', () => {
    expect(p.written('kods 210385-12347')).toBe(p.written('kods 21038512347'));
    expect(p.value('PK', '210385-12347')).toBe(p.value('PK', '21038512347'));
    expect(p.written('Tur bija Jānis.')).toContain(p.spoken('tur bija jānis', 'Tur bija Jānis.').split(' ').at(-1)!);
    expect(createPseudonymizer('other-key').value('PK', '210385-12347')).not.toBe(p.value('PK', '210385-12347'));
  });

  it('masks the spoken form: names the written form capitalised, and runs of number words', () => {
    const spoken = p.spoken('vārds jānis tālrunis divdesmit seši divpadsmit trīsdesmit četri', 'Vārds Jānis, tālrunis 26123034.');
    expect(spoken).not.toMatch(/jānis|divdesmit|trīsdesmit/);
    expect(spoken).toMatch(/^vārds VARDS-[a-p]{8} tālrunis SKAITLI-[a-p]{8}$/);
  });
});

describe('passwords', () => {
  it('scrypt hashes verify the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
  });

  it('refuses a password under 10 characters', async () => {
    await expect(hashPassword('short')).rejects.toMatchObject({ code: 'AUTH_ERR_PASSWORD' });
  });
});

describe('set-up gate', () => {
  it('opens once, for a limited time, with the exact token', () => {
    let now = 1000;
    const gate = createSetupGate(true, 60_000, () => now);
    const token = gate.token!;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(gate.consume('wrong')).toBe(false);
    expect(gate.consume(token)).toBe(true);
    expect(gate.consume(token)).toBe(false);
    expect(gate.token).toBeNull();
    const late = createSetupGate(true, 60_000, () => now);
    const t2 = late.token!;
    now += 60_001;
    expect(late.token).toBeNull();
    expect(late.consume(t2)).toBe(false);
    expect(createSetupGate(false, 60_000).token).toBeNull();
    // closes as soon as an admin exists, used or not
    let admins = 0;
    const closing = createSetupGate(true, 60_000, () => now, () => admins === 0);
    const t3 = closing.token!;
    admins = 1;
    expect(closing.token).toBeNull();
    expect(closing.consume(t3)).toBe(false);
  });

  it('knows loopback peers', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '192.168.1.2', undefined].some((a) => isLoopback(a))).toBe(false);
  });
});
