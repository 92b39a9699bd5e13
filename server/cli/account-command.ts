/**
 * `diktats user …` and `diktats token …`: accounts and API tokens, written
 * straight to the service's database (who has a shell there is an admin).
 * Every change goes to the audit log as done from "cli".
 *
 * Passwords come on stdin (--password-stdin), never as an argument: arguments
 * are visible to every user of the machine (ps) and end up in shell history.
 */
import { ROLES, isRole } from '../auth/roles.ts';
import { createAuthServiceForDatabase, CLI_ACTOR, type AuthService } from '../auth/auth-service.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../storage/database.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError, describeError, optionsOrExit, parseCommandArgs, writeLine, type CommandIo } from './command-io.ts';

export const USER_USAGE = `Usage:
  diktats user add NAME --role clerk|researcher|admin --password-stdin [--db FILE]
  diktats user list [--json] [--db FILE]
  diktats user disable NAME | enable NAME [--db FILE]
  diktats user passwd NAME --password-stdin [--db FILE]

The password is read from standard input (one line), e.g.  printf '%s\\n' "$PW" | diktats user add anna --role clerk --password-stdin
`;

export const TOKEN_USAGE = `Usage:
  diktats token create NAME [--expires DAYS] [--db FILE]   prints the token alone on stdout (shown once; stored hashed)
  diktats token list [--json] [--db FILE]
  diktats token revoke ID [--db FILE]

vosk-protocol clients connect with ws://HOST:PORT/ws/asr?token=TOKEN; others send Authorization: Bearer TOKEN.
`;

export interface AccountIo extends CommandIo {
  readonly stdin?: NodeJS.ReadableStream;
}

async function readPassword(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  // One line: the trailing newline of `echo`/`printf '…\\n'` is not part of the password.
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text.includes('\n')) throw new UsageError('--password-stdin reads one line; got several');
  return text;
}

function openService(db: string | undefined): { auth: AuthService; close(): void } {
  const config = loadConfig(process.env, new Map(db ? [['db', db]] : []));
  const database = openDatabase(config.dbPath);
  const auth = createAuthServiceForDatabase(database, config);
  return { auth, close: () => database.close() };
}

/** `ACTION [ARG]`: the action (one of `actions`) and its argument; anything more is a usage error. */
function actionAndArgument(positionals: readonly string[], actions: readonly string[]): [string, string | undefined] {
  const [action, arg, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected ${JSON.stringify(extra[0])}`);
  if (!action || !actions.includes(action)) throw new UsageError(`unknown action ${JSON.stringify(action ?? '')}`);
  return [action, arg];
}

/**
 * Runs one action on the auth service over the configured database, closing it after.
 * A failure is printed as `diktats COMMAND: …` with status 1; a usage error goes on to the caller.
 */
async function withAuth(command: string, db: string | undefined, io: CommandIo, run: (auth: AuthService) => Promise<number>): Promise<number> {
  const { auth, close } = openService(db);
  try {
    return await run(auth);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    writeLine(io.stderr, `diktats ${command}: ${describeError(e)}`);
    return EXIT_FAILURE;
  } finally {
    close();
  }
}

const table = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
};

export async function userCommand(argv: string[], io: AccountIo): Promise<number> {
  const parsed = optionsOrExit(
    'user',
    USER_USAGE,
    () => {
      const { values, positionals } = parseCommandArgs(
        argv,
        { role: { type: 'string' }, 'password-stdin': { type: 'boolean' }, db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
        true,
      );
      if (values.help) return null;
      const [action, name] = actionAndArgument(positionals, ['add', 'list', 'disable', 'enable', 'passwd']);
      if (action !== 'list' && !name) throw new UsageError(`${action} needs NAME`);
      if (action === 'add' && !isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      if ((action === 'add' || action === 'passwd') && !values['password-stdin']) throw new UsageError(`${action} needs --password-stdin (the password is never an argument)`);
      return { action, name: name ?? '', ...values };
    },
    io,
  );
  if ('exit' in parsed) return parsed.exit;
  const o = parsed.options;
  return withAuth('user', o.db, io, async (auth) => {
    switch (o.action) {
      case 'add': {
        const password = await readPassword(io.stdin ?? process.stdin);
        const u = await auth.addUser({ name: o.name, role: o.role as (typeof ROLES)[number], password }, CLI_ACTOR);
        writeLine(io.stderr, `user ${u.name} (${u.role}) added`);
        return EXIT_OK;
      }
      case 'passwd': {
        const password = await readPassword(io.stdin ?? process.stdin);
        await auth.setPassword(o.name, password, CLI_ACTOR);
        writeLine(io.stderr, `password of ${o.name} changed; their sessions were ended`);
        return EXIT_OK;
      }
      case 'disable':
      case 'enable':
        auth.setDisabled(o.name, o.action === 'disable', CLI_ACTOR);
        writeLine(io.stderr, `user ${o.name} ${o.action}d${o.action === 'disable' ? '; their sessions were ended' : ''}`);
        return EXIT_OK;
      default: {
        const users = auth.accounts.list();
        if (o.json) writeLine(io.stdout, JSON.stringify(users, null, 2));
        else writeLine(io.stdout, table([['ID', 'NAME', 'ROLE', 'STATE', 'CREATED'], ...users.map((u) => [String(u.id), u.name, u.role, u.disabled ? 'disabled' : 'active', u.createdAt])]));
        return EXIT_OK;
      }
    }
  });
}

export async function tokenCommand(argv: string[], io: CommandIo): Promise<number> {
  const parsed = optionsOrExit(
    'token',
    TOKEN_USAGE,
    () => {
      const { values, positionals } = parseCommandArgs(
        argv,
        { expires: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
        true,
      );
      if (values.help) return null;
      const [action, arg] = actionAndArgument(positionals, ['create', 'list', 'revoke']);
      if (action !== 'list' && !arg) throw new UsageError(action === 'create' ? 'create needs NAME' : 'revoke needs ID');
      if (action === 'revoke' && !/^\d+$/.test(arg!)) throw new UsageError(`ID must be a number, not ${JSON.stringify(arg)}`);
      let expires: number | null = null;
      if (values.expires !== undefined) {
        if (!/^\d+$/.test(values.expires) || Number(values.expires) < 1 || Number(values.expires) > 3650) throw new UsageError('--expires takes whole days, 1 to 3650');
        expires = Number(values.expires);
      }
      return { action, arg: arg ?? '', expires, db: values.db, json: values.json === true };
    },
    io,
  );
  if ('exit' in parsed) return parsed.exit;
  const o = parsed.options;
  return withAuth('token', o.db, io, async (auth) => {
    switch (o.action) {
      case 'create': {
        const { token, row } = auth.createToken(o.arg, o.expires, CLI_ACTOR);
        writeLine(io.stdout, token); // alone on stdout, for $(diktats token create …)
        writeLine(io.stderr, `token ${row.id} for ${row.userName}${row.expiresAt ? `, expires ${row.expiresAt}` : ', no expiry'}; it is not shown again`);
        return EXIT_OK;
      }
      case 'revoke': {
        const row = auth.revokeToken(Number(o.arg), CLI_ACTOR);
        writeLine(io.stderr, `token ${row.id} of ${row.userName} revoked`);
        return EXIT_OK;
      }
      default: {
        const tokens = auth.accounts.listTokens();
        if (o.json) writeLine(io.stdout, JSON.stringify(tokens, null, 2));
        else
          writeLine(
            io.stdout,
            table([
              ['ID', 'USER', 'STATE', 'CREATED', 'EXPIRES', 'LAST USED'],
              ...tokens.map((t) => [
                String(t.id),
                t.userName,
                t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt < new Date().toISOString() ? 'expired' : 'active',
                t.createdAt,
                t.expiresAt ?? '-',
                t.lastUsedAt ?? '-',
              ]),
            ]),
          );
        return EXIT_OK;
      }
    }
  });
}
