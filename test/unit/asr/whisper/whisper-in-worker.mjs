// Test-only host: the registry's final worker does the same (detect on the main thread,
// create + decode in a worker). Worker threads do not inherit the TypeScript loader.
import { register } from 'tsx/esm/api';

register();
const { parentPort, workerData } = await import('node:worker_threads');
const { detectFamily, createFinalDecoder } = await import('../../../../server/asr/final-pass.ts');
await import('../../../../server/asr/whisper/whisper-family.ts');
const match = await detectFamily(workerData.dir);
const decoder = await createFinalDecoder(workerData.dir, match, { threads: 1 });
parentPort.on('message', async (samples) => {
  const r = await decoder.decode(samples);
  parentPort.postMessage({ family: decoder.family, text: r.text, tokens: r.tokens, flags: r.flags });
  await decoder.dispose();
});
parentPort.postMessage('ready');
