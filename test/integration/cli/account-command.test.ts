/**
 * The contract from outside: `printf 'PASSWORD\n' | npx diktats user add NAME
 * --role ROLE --password-stdin` creates a user, and `diktats token create NAME`
 * prints the token alone on stdout. Runs the real bin/diktats.mjs.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../server/auth/password.ts';
import { secretHash } from '../../../server/auth/secrets.ts';
import { createAccountRepository } from '../../../server/storage/account-repository.ts';
import { openDatabase } from '../../../server/storage/database.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const newDir = tempDirs('diktats-account-cli-');
const ROOT = path.resolve(import.meta.dirname, '../../..');

function diktats(dbPath: string, args: string[], input = '') {
  const r = spawnSync(process.execPath, ['bin/diktats.mjs', ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, DIKTATS_DB: dbPath } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('diktats user / token', () => {
  it('adds a user from stdin, prints a working token alone on stdout, lists, revokes, disables', () => {
    const db = path.join(newDir(), 'cli.db');
    const add = diktats(db, ['user', 'add', 'anna', '--role', 'clerk', '--password-stdin'], 'anna-secret-password\n');
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toBe('');

    const created = diktats(db, ['token', 'create', 'anna', '--expires', '30']);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^dkt_[\w-]{43}\n$/);
    const token = created.stdout.trim();

    const list = diktats(db, ['user', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'anna', role: 'clerk', disabled: false })]));
    expect(diktats(db, ['token', 'list']).stdout).toMatch(/^1\s+anna\s+active/m);

    const database = openDatabase(db);
    const accounts = createAccountRepository(database);
    const stored = accounts.byName('anna')!;
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(accounts.userByToken(secretHash(token), new Date())?.name).toBe('anna');
    database.close();

    expect(diktats(db, ['token', 'revoke', '1']).status).toBe(0);
    expect(diktats(db, ['user', 'disable', 'anna']).status).toBe(0);
    const after = openDatabase(db);
    expect(createAccountRepository(after).userByToken(secretHash(token), new Date())).toBeUndefined();
    expect(createAccountRepository(after).byName('anna')!.disabled).toBe(true);
    after.close();
  }, 120_000);

  it('changes a password from stdin; the old one no longer verifies', async () => {
    const db = path.join(newDir(), 'cli.db');
    diktats(db, ['user', 'add', 'ilze', '--role', 'researcher', '--password-stdin'], 'first-password-1\n');
    expect(diktats(db, ['user', 'passwd', 'ilze', '--password-stdin'], 'second-password-2\n').status).toBe(0);
    const database = openDatabase(db);
    const hash = createAccountRepository(database).byName('ilze')!.passwordHash;
    database.close();
    expect(await verifyPassword('second-password-2', hash)).toBe(true);
    expect(await verifyPassword('first-password-1', hash)).toBe(false);
  }, 120_000);

  it('refuses a bad command line with status 2 and the usage; a weak password with 1', () => {
    const db = path.join(newDir(), 'cli.db');
    const noStdin = diktats(db, ['user', 'add', 'x1', '--role', 'clerk']);
    expect(noStdin.status).toBe(2);
    expect(noStdin.stderr).toContain('--password-stdin');
    expect(diktats(db, ['user', 'add', 'x1', '--role', 'boss', '--password-stdin'], 'long-enough-pw\n').status).toBe(2);
    expect(diktats(db, ['user', 'add', 'x1', '--role', 'clerk', '--password', 'p', '--password-stdin']).status).toBe(2); // no such option
    expect(diktats(db, ['token', 'create', 'nobody']).status).toBe(1);
    const weak = diktats(db, ['user', 'add', 'x1', '--role', 'clerk', '--password-stdin'], 'short\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('AUTH_ERR_PASSWORD');
  }, 120_000);
});
