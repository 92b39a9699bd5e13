/** `diktats <command>`: serve, transcribe, eval. */
import { DiktatsError, isDiktatsError } from './errors.ts';

const USAGE = `Diktāts — Latvian dictation service

Usage:
  diktats serve [--host H] [--port P] [--db FILE] [--model DIR] [--workers N] …   (diktats serve --help lists all)
  diktats transcribe FILE.wav… [--json] [--model DIR]
  diktats eval --manifest FILE.jsonl [--model DIR] [--decoder greedy] [--json] [--sclite DIR] [--limit N] [--group-by F]
  diktats corpus import FILE --name NAME --kind terms|sentences | list | activate NAME | deactivate NAME | delete NAME
  diktats fill --form ID --text "spoken text" [--json]
  diktats savings [--cases N --manual-min M --dictation-min D --salary S --hours H] [--json]
  diktats user add NAME --role clerk|researcher|admin --password-stdin | list | disable NAME | enable NAME | passwd NAME --password-stdin
  diktats token create NAME [--expires DAYS] | list | revoke ID

Environment: HOST, PORT, DIKTATS_DB, DIKTATS_MODEL, DIKTATS_WORKERS, LOG_LEVEL (flags win).`;

interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve': {
        const { serveCommand } = await import('./cli/serve-command.ts');
        return await serveCommand(rest, io);
      }
      case 'transcribe': {
        const { transcribeCommand } = await import('./cli/transcribe-command.ts');
        return await transcribeCommand([...rest], io);
      }
      case 'eval': {
        const { evalCommand } = await import('./cli/eval-command.ts');
        return await evalCommand([...rest], io);
      }
      case 'corpus': {
        const { corpusCommand } = await import('./cli/corpus-command.ts');
        return await corpusCommand([...rest], io);
      }
      case 'savings': {
        const { savingsCommand } = await import('./cli/savings-command.ts');
        return await savingsCommand([...rest], io);
      }
      case 'user': {
        const { userCommand } = await import('./cli/account-command.ts');
        return await userCommand([...rest], io);
      }
      case 'token': {
        const { tokenCommand } = await import('./cli/account-command.ts');
        return await tokenCommand([...rest], io);
      }
      case 'fill': {
        const { fillCommand } = await import('./cli/fill-command.ts');
        return await fillCommand([...rest], io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        io.stderr.write(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}\n`);
        return 2;
    }
  } catch (err) {
    if (isDiktatsError(err)) {
      io.stderr.write(`diktats: ${err.code}: ${err.message}\n`);
      return err.code === 'CONFIG_ERR_INVALID' ? 2 : 1;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES') {
      io.stderr.write(`diktats: cannot listen: ${e.message}. Choose another --port or PORT.\n`);
      return 1;
    }
    throw err;
  }
}

export { DiktatsError };
