import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ByteBpeTokenizer, bytesToUnicode } from '../../../../server/asr/whisper/byte-bpe.ts';
import { loadWhisperFiles } from '../../../../server/asr/whisper/whisper-files.ts';
import { WHISPER_FIXTURE_DIR } from './fixture.ts';

const cases = (JSON.parse(readFileSync(`${WHISPER_FIXTURE_DIR}/tokenizer-cases.json`, 'utf8')) as { cases: { text: string; ids: number[] }[] }).cases;

describe('ByteBpeTokenizer on the fixture vocabulary (Python reference encodings)', () => {
  let tok: ByteBpeTokenizer;
  beforeAll(async () => {
    tok = new ByteBpeTokenizer((await loadWhisperFiles(WHISPER_FIXTURE_DIR)).tokenizer);
  });

  it.each(cases.map((c) => [c.text, c] as const))('encode(%j) equals the reference ids and decodes back', (_t, c) => {
    expect(tok.encode(c.text)).toEqual(c.ids);
    expect(tok.decode(c.ids)).toBe(c.text);
  });

  it('a Latvian letter split over two tokens comes back whole', () => {
    // ā is C4 81: find the ids of the two lone bytes and decode them in sequence.
    const b2u = bytesToUnicode();
    const first = tok.tokenId(b2u[0xc4]!)!;
    const second = tok.tokenId(b2u[0x81]!)!;
    expect(tok.decode([first, second])).toBe('ā');
    expect(tok.decode([first])).toBe('\uFFFD');
    // and some reference case really uses a token that ends inside a UTF-8 sequence
    const splitting = cases.flatMap((c) => c.ids).filter((id) => {
      const bytes = tok.bytes([id]);
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes).includes('\uFFFD');
    });
    expect(splitting.length).toBeGreaterThan(0);
  });

  it('keeps every Latvian letter intact', () => {
    const text = ' ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž';
    expect(tok.decode(tok.encode(text))).toBe(text);
  });

  it('skips special tokens when decoding', () => {
    const eot = tok.tokenId('<|endoftext|>')!;
    const lv = tok.tokenId('<|lv|>')!;
    expect(tok.isSpecial(eot)).toBe(true);
    expect(tok.decode([lv, ...tok.encode(' sveiki'), eot])).toBe(' sveiki');
  });
});

describe('bytesToUnicode', () => {
  it('is a bijection onto 256 characters, printable bytes standing for themselves', () => {
    const m = bytesToUnicode();
    expect(new Set(m).size).toBe(256);
    expect(m[0x41]).toBe('A');
    expect(m[0x20]).toBe('Ġ');
    expect(m[0x0a]).toBe('Ċ');
  });
});
