/**
 * Request body limits by route (bytes); a larger body gets 413
 * HTTP_ERR_BODY_TOO_LARGE before it is parsed. JSON bodies are small: the
 * biggest legitimate one is a form record with every field at its longest.
 * WAV and corpus uploads have their own limit (DIKTATS_MAX_UPLOAD_BYTES).
 */
export const BODY_LIMITS = {
  /** every route that names no other limit */
  default: 64 * 1024,
  /** POST /api/forms/:id/fill: one dictation's text or its finals */
  formFill: 256 * 1024,
  /** POST /api/forms/records, PUT /api/forms/records/:id */
  formRecord: 512 * 1024,
  /** POST /api/forms/records/:id/timing */
  timing: 4 * 1024,
} as const;
