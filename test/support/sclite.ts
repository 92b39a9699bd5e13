/** Finding NIST sclite for the tests that compare our counts with it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** [command, leading args]; Debian puts sclite outside PATH, behind `sctk`. */
export function findSclite(): [string, string[]] {
  const fromEnv = process.env['SCLITE'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SCLITE=${fromEnv} does not exist; point it at the sclite binary`);
    return [fromEnv, []];
  }
  for (const path of (process.env['PATH'] ?? '').split(':')) {
    if (path && existsSync(join(path, 'sclite'))) return [join(path, 'sclite'), []];
  }
  if (existsSync('/usr/lib/sctk/bin/sclite')) return ['/usr/lib/sctk/bin/sclite', []];
  if (existsSync('/usr/bin/sctk')) return ['/usr/bin/sctk', ['sclite']];
  throw new Error(
    'sclite not found: install the Debian package sctk (apt-get install sctk) ' +
      'or set SCLITE=/path/to/sclite. These tests compare our WER counts with it and must not be skipped.',
  );
}
