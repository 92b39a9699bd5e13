/**
 * The pilot demo's recordings (test/fixtures/e2e/pilot-*.json): their
 * expected fields are the simulated clerk's target values, so they must be
 * exactly what form extraction makes of the utterances as spoken; otherwise
 * the demo would count a fixture mistake as a recognition error. Also checks
 * the recording's shape that the demo's figures rest on.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBundledContext } from '../../../server/correction/bundled-corpora.ts';
import { fillFromText } from '../../../server/forms/fill.ts';
import { loadTemplateDir } from '../../../server/forms/template-loader.ts';
import type { FieldValue } from '../../../server/forms/template-schema.ts';

interface PilotFixture {
  form: string;
  voice: string;
  gapSec: number;
  speechEndSec: number;
  utterances: string[];
  expected: { status: string; fields: Record<string, FieldValue> };
}

/** Voices the bundled model never heard (scripts/train: the held-out split). */
const HELD_OUT_VOICES = ['klatt4', 'm7', 'f4', 'Andy', 'belinda', 'iven3'];
const FIXTURES = [
  'pilot-majokla-pabalsts',
  'pilot-gadijuma-piezime',
  // issue 15: the same targets said label-free
  'pilot-majokla-pabalsts-label-free',
  'pilot-gadijuma-piezime-label-free',
];
const registry = loadTemplateDir();
const correction = loadBundledContext();
const path = (name: string, ext: string) => fileURLToPath(new URL(`../../fixtures/e2e/${name}.${ext}`, import.meta.url));

describe.each(FIXTURES)('%s', (name) => {
  const fixture = JSON.parse(readFileSync(path(name, 'json'), 'utf8')) as PilotFixture;

  it('expects exactly the fields that extraction gives for the utterances as spoken', () => {
    const got = fillFromText(registry.get(fixture.form), fixture.utterances, { today: new Date(2026, 0, 15), correction });
    expect(got.fields).toEqual(fixture.expected.fields);
    expect(fixture.utterances.at(-1)).toBe('saglabāt');
  });

  it('a label-free scenario aims at exactly the labelled one\'s values with fewer words', () => {
    if (!name.endsWith('-label-free')) return;
    const labelled = JSON.parse(readFileSync(path(name.replace(/-label-free$/u, ''), 'json'), 'utf8')) as PilotFixture;
    expect(fixture.expected).toEqual(labelled.expected);
    const words = (f: PilotFixture) => f.utterances.join(' ').split(/\s+/u).length;
    expect(words(fixture)).toBeLessThan(words(labelled));
  });

  it('is spoken by a held-out voice with pauses long enough for endpointing (0.64 s) and not much longer', () => {
    expect(HELD_OUT_VOICES).toContain(fixture.voice.replace(/^lv\+/, ''));
    expect(fixture.gapSec).toBeGreaterThanOrEqual(0.7);
    expect(fixture.gapSec).toBeLessThanOrEqual(1);
    // 16 kHz 16-bit mono: the WAV holds the speech plus the tail of silence
    const seconds = (statSync(path(name, 'wav')).size - 44) / 32_000;
    expect(seconds).toBeGreaterThan(fixture.speechEndSec);
    expect(seconds).toBeLessThan(fixture.speechEndSec + 10);
  });
});
