/**
 * Debian's chromium driven by playwright-core, with a WAV file as the
 * microphone. Never `npx playwright install`: the test must run offline.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.DIKTATS_CHROMIUM ?? '/usr/bin/chromium';

/** Chromium loops `wavPath` as the microphone and grants the permission without a prompt. */
export function launchChromium(wavPath: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wavPath}`,
    ],
  });
}
