#!/usr/bin/env node
// Runs a TypeScript script (benchmarks, tools) with tsx's loader: node bin/run-ts.mjs FILE.ts [args…]
import { register } from 'tsx/esm/api';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

register();
const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bin/run-ts.mjs FILE.ts [args…]');
  process.exit(2);
}
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(path.resolve(file)).href);
