/**
 * Coded errors. Every error the service raises on purpose has a stable code,
 * an HTTP status and a message that says what was expected and what to do.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly message: (detail?: string) => string;
}

const spec = (status: number, text: string): ErrorSpec => ({
  status,
  message: (detail) => (detail ? `${text}: ${detail}` : text),
});

export const ERRORS = {
  CONFIG_ERR_INVALID: spec(500, 'Invalid configuration; fix the environment variable or flag named'),
  AUDIO_ERR_FORMAT: spec(400, 'Unsupported audio; send PCM WAV (8-48 kHz, 8/16/24/32-bit int or 32/64-bit float)'),
  AUDIO_ERR_SAMPLE_RATE: spec(400, 'Sample rate out of range; use 8000-48000 Hz'),
  AUDIO_ERR_ODD_BYTES: spec(400, 'Audio frame has an odd number of bytes; send whole 16-bit little-endian samples'),
  AUDIO_ERR_FRAME_TOO_LARGE: spec(413, 'Audio frame too large; send smaller chunks'),
  ASR_ERR_MODEL_NOT_FOUND: spec(500, 'Model folder not found; set DIKTATS_MODEL to a folder with model.onnx'),
  ASR_ERR_MODEL_INVALID: spec(500, 'Model folder is not usable; fix its manifest or files, or set DIKTATS_MODEL to another model folder'),
  ASR_ERR_CHECKSUM: spec(500, 'Model file checksum does not match its manifest; re-copy the model folder'),
  ASR_ERR_INFERENCE: spec(500, 'Speech recognition failed; try again, and report it if it keeps failing'),
  ASR_ERR_BACKLOG: spec(429, 'Audio arrives faster than it can be recognised; slow down or wait for replies'),
  ASR_ERR_NOT_READY: spec(503, 'The recogniser is still loading; try again shortly'),
  ASR_ERR_TOO_MANY_STREAMS: spec(503, 'Too many live dictation streams; close another tab or try again shortly'),
  WORKER_ERR_BUSY: spec(503, 'The service is busy (its work queue is full); try again in a few seconds'),
  WORKER_ERR_UNAVAILABLE: spec(503, 'No worker was free in time (one may be restarting); try again in a few seconds'),
  WORKER_ERR_TIMEOUT: spec(503, 'A worker took too long and was restarted; try again'),
  WORKER_ERR_EXITED: spec(503, 'A worker stopped while doing this job; it is being restarted, try again'),
  WORKER_ERR_FAILED: spec(500, 'A worker job failed; try again, and report it if it keeps failing'),
  WORKER_ERR_INIT: spec(500, 'A worker could not start; check the model folder and the log'),
  WORKER_ERR_CLOSED: spec(503, 'The service is shutting down; try again after it restarts'),
  HTTP_ERR_BODY_TOO_LARGE: spec(413, 'Request body is larger than this route accepts; send less (see the README for the limits)'),
  HTTP_ERR_OVERLOADED: spec(503, 'The service is overloaded; try again after the Retry-After seconds'),
  WS_ERR_BAD_JSON: spec(400, 'Message is not valid JSON; send {"config":…}, {"eof":1} or {"reset":1}'),
  WS_ERR_CONFIG_LATE: spec(400, 'Sample rate cannot change after audio was sent; open a new connection with the new config first'),
  WS_ERR_TOO_MANY_MESSAGES: spec(429, 'Too many messages waiting; wait for the replies before sending more'),
  WS_ERR_UNKNOWN_MESSAGE: spec(400, 'Unknown message; send {"config":…}, {"eof":1}, {"reset":1} or binary PCM'),
  CORPUS_ERR_FORMAT: spec(400, 'Unsupported corpus file; fix its type or format as described and import it again'),
  CORPUS_ERR_ENCODING: spec(400, 'Corpus file is not UTF-8 text; save it as UTF-8 and import it again'),
  CORPUS_ERR_LINE: spec(400, 'Corpus file has an invalid line; fix it and import again (nothing was changed)'),
  CORPUS_ERR_TOO_LARGE: spec(413, 'Corpus file is too large; split it into several corpora'),
  CORPUS_ERR_EMPTY: spec(400, 'Corpus file has no entries; put one term or sentence per line and import it again'),
  CORPUS_ERR_NOT_FOUND: spec(404, 'No corpus with that name; list corpora to see the names'),
  CORPUS_ERR_NAME: spec(400, 'Invalid corpus name; use 1-64 letters, digits, dots, dashes or underscores'),
  STORE_ERR_FULL: spec(507, 'The database disk is full; nothing new was stored, free disk space and try again'),
  STORE_ERR_LOCKED: spec(503, 'The database is locked by another process; try again shortly'),
  STORE_ERR_IO: spec(500, 'Storage failed; check that the database file (DIKTATS_DB) is writable and its disk has space'),
  EVAL_ERR_MANIFEST: spec(400, 'Bad evaluation manifest; each line must be {"audio_filepath","text"}'),
  EVAL_ERR_RUN_NOT_FOUND: spec(404, 'No stored evaluation run with that id; list the runs at GET /api/eval/runs'),
  FORM_ERR_TEMPLATE_INVALID: spec(500, 'Form template file is invalid; fix the file and field named and restart the service'),
  FORM_ERR_TEMPLATE_NOT_FOUND: spec(404, 'No form template with that id; list the ids at GET /api/forms/templates'),
  FORM_ERR_RECORD_NOT_FOUND: spec(404, 'No form record with that id; list the records at GET /api/forms/records'),
  FORM_ERR_UNKNOWN_FIELD: spec(400, 'Field is not in the form template; use the field ids of GET /api/forms/templates/:id'),
  FORM_ERR_STATUS: spec(409, 'A saved record cannot go back to draft; create a new record for a new draft'),
  FORM_ERR_CONFLICT: spec(409, 'Record was changed since you loaded it; reload it and apply your change again'),
  FORM_ERR_WEBHOOK_URL: spec(500, 'Invalid DIKTATS_FORM_WEBHOOK_URL; set an http or https URL, or leave it unset'),
  FORM_ERR_MESSAGE: spec(400, 'Invalid form message; send {"type":"form.open","form":ID} first, then form.edit, form.focus or form.close'),
  FORM_ERR_EXPORT: spec(400, 'A CSV export holds one form; add ?form=ID to choose which'),
  FORM_ERR_TOO_LONG: spec(400, 'Text or value too long; send at most 20 000 characters of dictation, 200 per structured field value'),
  FORM_ERR_RECORD_FINAL: spec(409, 'A saved record is final; reopen it first (POST /api/forms/records/:id/reopen, its owner or an admin)'),
  AUTH_ERR_UNAUTHENTICATED: spec(401, 'Not logged in; log in at /login.html or send Authorization: Bearer TOKEN'),
  AUTH_ERR_FORBIDDEN: spec(403, 'Your role may not do this; ask an admin for a role that may'),
  AUTH_ERR_BAD_LOGIN: spec(401, 'Wrong user name or password; check both and try again'),
  AUTH_ERR_LOCKED: spec(429, 'Too many failed logins for this user; wait 15 minutes or ask an admin to set a new password'),
  AUTH_ERR_SETUP: spec(403, 'The set-up link is invalid, expired or used; restart the service on this machine for a new link'),
  AUTH_ERR_PASSWORD: spec(400, 'Password too weak; use at least 10 characters'),
  AUTH_ERR_USER_EXISTS: spec(409, 'A user with that name exists; choose another name'),
  AUTH_ERR_USER_NOT_FOUND: spec(404, 'No such user; list users with `diktats user list`'),
  AUTH_ERR_USER_NAME: spec(400, 'Invalid user name; use 2-64 letters, digits, dots, dashes or underscores'),
  AUTH_ERR_TOKEN_NOT_FOUND: spec(404, 'No such API token; list tokens with `diktats token list`'),
  HTTP_ERR_ORIGIN: spec(403, 'Cross-origin request refused; use the service from its own pages or add the origin to DIKTATS_ALLOWED_ORIGINS'),
  HTTP_ERR_HOST: spec(421, 'Unknown Host header; reach the service by a configured name or add it to DIKTATS_ALLOWED_HOSTS'),
  HTTP_ERR_CONTENT_TYPE: spec(415, 'Unsupported body type; send application/json (or the file type the route names)'),
  GDPR_ERR_CODE: spec(400, 'Invalid personal code; send it as 123456-12345 or 32xxxx-xxxxx'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class DiktatsError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(ERRORS[code].message(detail), options);
    this.name = 'DiktatsError';
    this.code = code;
    this.status = ERRORS[code].status;
  }
}

export const isDiktatsError = (e: unknown): e is DiktatsError => e instanceof DiktatsError;

/** One line for a person: "CODE: message" for our errors, the message for others. */
export function describeError(e: unknown): string {
  if (isDiktatsError(e)) return `${e.code}: ${e.message}`;
  if (e instanceof Error) return e.message;
  return String(e);
}
