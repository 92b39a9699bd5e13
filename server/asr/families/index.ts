/**
 * Every model family, registered with the final-pass registry on import. The main
 * thread imports this for detection (`model check`, boot validation); the final-pass
 * worker imports it to create decoders. Add a family by importing its registration here.
 */
import { registerFinalFamily } from '../final-pass.ts';
import { CTC_FAMILY, CtcUtteranceDecoder, detectCtc } from './ctc-final.ts';
import { NemoTransducerDecoder } from './nemo-transducer.ts';
import { detectTransducer, loadTransducerSpec, TRANSDUCER_FAMILY } from './transducer-spec.ts';
import { readdir } from 'node:fs/promises';
// Whisper (optimum ONNX layout) registers itself on import, order 10 (../whisper/whisper-family.ts).
import '../whisper/whisper-family.ts';

registerFinalFamily(
  TRANSDUCER_FAMILY,
  detectTransducer,
  async (dir, _match, options) => NemoTransducerDecoder.open(await loadTransducerSpec(dir, new Set(await readdir(dir))), { threads: options.threads }),
  10,
);

// Generic: any folder with model.onnx; last, so specific layouts are recognised first.
registerFinalFamily(CTC_FAMILY, detectCtc, async (dir, _match, options) => CtcUtteranceDecoder.open(dir, options.threads), 100);

export { detectFamily, createFinalDecoder, registeredFamilies } from '../final-pass.ts';
