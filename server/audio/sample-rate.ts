/**
 * The one sample rate of the service: every model, the VAD, the decoders and
 * stored audio run at 16 kHz mono. Clients may send any rate in
 * [MIN_SAMPLE_RATE, MAX_SAMPLE_RATE]; audio is resampled to SAMPLE_RATE on entry.
 */
export const SAMPLE_RATE = 16000;
export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 48000;
