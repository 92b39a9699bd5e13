/**
 * Configuration, validated once at boot into a frozen object. Sources, later
 * winning: defaults, environment variables, CLI flags (--port 9000 / --port=9000,
 * parsed strictly by cli/serve-command.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiktatsError } from './errors.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MODEL_DIR = path.join(PROJECT_ROOT, 'models', 'diktats-lv-synth-v2');

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dbPath: string;
  readonly modelDir: string;
  /** two-pass: a second model folder whose decoding of each utterance becomes the final (null: one pass) */
  readonly finalModelDir: string | null;
  /** worker threads for the final model */
  readonly finalWorkers: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly workers: number;
  /**
   * How the onnxruntime workers (inference, final pass) run: 'thread' (default) or 'process'.
   * A worker process can be killed at once when it hangs or times out without risk to the
   * server; a thread can only be retired (terminating it inside onnxruntime aborts the process).
   */
  readonly workerIsolation: 'thread' | 'process';
  /** largest websocket message accepted (bytes); bigger closes the socket with 1009 */
  readonly maxFrameBytes: number;
  /** audio a client may have queued but not yet decoded, in seconds */
  readonly maxBacklogSec: number;
  readonly trailingSilenceMs: number;
  readonly maxUtteranceMs: number;
  /**
   * Streaming decode window: the model re-reads `streamLeftContextMs` of committed
   * audio and waits for `streamRightContextMs` after a frame before committing it, every
   * `streamChunkMs` of new audio. Cost per audio second ≈ (left + chunk + right) / chunk.
   */
  readonly streamChunkMs: number;
  /**
   * Silero VAD speech probability that starts an utterance; it ends after
   * `trailingSilenceMs` below this minus 0.15 (Silero's own hysteresis).
   */
  readonly vadThreshold: number;
  readonly streamLeftContextMs: number;
  readonly streamRightContextMs: number;
  readonly maxUploadBytes: number;
  /** beam search with the corpora's language model for finals (else greedy) */
  readonly languageModel: boolean;
  /** POST target for saved form records (document-management integration), or null */
  readonly formWebhookUrl: string | null;
  /** open /ws/asr connections, in all and per user */
  readonly maxSockets: number;
  readonly maxSocketsPerUser: number;
  /** connections that have started streaming audio, in all and per user */
  readonly maxStreams: number;
  readonly maxStreamsPerUser: number;
  /** graceful shutdown: time to store open streams' finals before the process exits anyway */
  readonly shutdownMs: number;
  /** under-pressure: 503 + Retry-After past this event-loop delay (ms) or resident memory (bytes); 0 = off */
  readonly maxEventLoopDelayMs: number;
  readonly maxRssBytes: number;
  /** allow a plain-http webhook (tests, a loopback relay); https only otherwise */
  readonly webhookAllowHttp: boolean;
  /** shared secret for the webhook's X-Diktats-Signature (HMAC-SHA256 of the body), or null */
  readonly webhookSecret: string | null;
  /** Fastify's trustProxy: false, true, or a comma list of proxy addresses/CIDRs */
  readonly trustProxy: boolean | string;
  /** Host names (without port) the service answers to, besides loopback names and `host` */
  readonly allowedHosts: readonly string[];
  /** other origins (scheme://host[:port]) allowed to call the API and open /ws/asr */
  readonly allowedOrigins: readonly string[];
  readonly sessionIdleMin: number;
  readonly sessionMaxHours: number;
  /** transcripts and utterance text older than this many days are deleted daily (0 = keep) */
  readonly retentionDays: number;
  /** key of the researchers' stable pseudonyms (else one is made and kept in the database) */
  readonly pseudonymSecret: string | null;
  /** a bearer token that may read GET /metrics and nothing else (a Prometheus scraper's); null = none */
  readonly metricsToken: string | null;
}

interface Field {
  readonly env: string;
  readonly flag: string;
  readonly parse: (raw: string, name: string) => unknown;
  readonly fallback: unknown;
}

const int = (min: number, max: number) => (raw: string, name: string): number => {
  // Digits only: Number() would take '' and ' ' as 0 (so `--port=` meant a random port) and '1e3' or '0x50' as numbers.
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new DiktatsError('CONFIG_ERR_INVALID', `${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`);
  }
  return n;
};
const probability = (min: number, max: number) => (raw: string, name: string): number => {
  const n = /^\d*\.?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw new DiktatsError('CONFIG_ERR_INVALID', `${name}=${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
  }
  return n;
};
const text = (raw: string, name: string): string => {
  if (raw.trim() === '') throw new DiktatsError('CONFIG_ERR_INVALID', `${name} is empty`);
  return raw;
};
const url = (raw: string, name: string): string => {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new DiktatsError('CONFIG_ERR_INVALID', `${name}=${JSON.stringify(raw)}: expected an http(s) URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new DiktatsError('CONFIG_ERR_INVALID', `${name}: expected an http(s) URL`);
  return raw;
};
const directory = (raw: string, name: string): string => {
  const dir = path.resolve(text(raw, name));
  let ok = false;
  try {
    ok = fs.statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new DiktatsError('CONFIG_ERR_INVALID', `${name}=${JSON.stringify(raw)}: no such folder; point it at a model folder (see docs/models.md)`);
  return dir;
};
const bool = (raw: string, name: string): boolean => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new DiktatsError('CONFIG_ERR_INVALID', `${name}=${JSON.stringify(raw)}: expected true or false`);
};
const list = (raw: string): readonly string[] =>
  Object.freeze(raw.split(',').map((v) => v.trim()).filter((v) => v.length > 0));
const trustProxy = (raw: string, name: string): boolean | string => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  if (/^[\d.:a-fA-F/, ]+$/.test(raw)) return raw;
  throw new DiktatsError('CONFIG_ERR_INVALID', `${name}=${JSON.stringify(raw)}: expected true, false or a comma list of proxy addresses`);
};
const oneOf = (values: readonly string[]) => (raw: string, name: string): string => {
  if (!values.includes(raw)) throw new DiktatsError('CONFIG_ERR_INVALID', `${name}=${JSON.stringify(raw)}: expected one of ${values.join(', ')}`);
  return raw;
};

const FIELDS: Record<keyof Config, Field> = {
  host: { env: 'HOST', flag: 'host', parse: text, fallback: '127.0.0.1' },
  port: { env: 'PORT', flag: 'port', parse: int(0, 65535), fallback: 8080 },
  dbPath: { env: 'DIKTATS_DB', flag: 'db', parse: text, fallback: path.join(PROJECT_ROOT, 'data', 'diktats.db') },
  modelDir: { env: 'DIKTATS_MODEL', flag: 'model', parse: text, fallback: DEFAULT_MODEL_DIR },
  finalModelDir: { env: 'DIKTATS_FINAL_MODEL', flag: 'final-model', parse: directory, fallback: null },
  finalWorkers: { env: 'DIKTATS_FINAL_WORKERS', flag: 'final-workers', parse: int(1, 16), fallback: 1 },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level', parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), fallback: 'info' },
  workers: { env: 'DIKTATS_WORKERS', flag: 'workers', parse: int(1, 64), fallback: 2 },
  workerIsolation: { env: 'DIKTATS_WORKER_ISOLATION', flag: 'worker-isolation', parse: oneOf(['thread', 'process']), fallback: 'thread' },
  maxFrameBytes: { env: 'DIKTATS_MAX_FRAME_BYTES', flag: 'max-frame-bytes', parse: int(1024, 64 * 1024 * 1024), fallback: 1024 * 1024 },
  maxBacklogSec: { env: 'DIKTATS_MAX_BACKLOG_SEC', flag: 'max-backlog-sec', parse: int(1, 3600), fallback: 30 },
  trailingSilenceMs: { env: 'DIKTATS_TRAILING_SILENCE_MS', flag: 'trailing-silence-ms', parse: int(100, 10_000), fallback: 640 },
  maxUtteranceMs: { env: 'DIKTATS_MAX_UTTERANCE_MS', flag: 'max-utterance-ms', parse: int(1000, 120_000), fallback: 20_000 },
  vadThreshold: { env: 'DIKTATS_VAD_THRESHOLD', flag: 'vad-threshold', parse: probability(0.05, 0.95), fallback: 0.5 },
  streamChunkMs: { env: 'DIKTATS_STREAM_CHUNK_MS', flag: 'stream-chunk-ms', parse: int(40, 5000), fallback: 480 },
  streamLeftContextMs: { env: 'DIKTATS_STREAM_LEFT_CONTEXT_MS', flag: 'stream-left-context-ms', parse: int(0, 10_000), fallback: 1280 },
  streamRightContextMs: { env: 'DIKTATS_STREAM_RIGHT_CONTEXT_MS', flag: 'stream-right-context-ms', parse: int(0, 5000), fallback: 640 },
  languageModel: { env: 'DIKTATS_LM', flag: 'lm', parse: bool, fallback: true },
  formWebhookUrl: { env: 'DIKTATS_FORM_WEBHOOK_URL', flag: 'form-webhook-url', parse: url, fallback: null },
  maxSockets: { env: 'DIKTATS_MAX_SOCKETS', flag: 'max-sockets', parse: int(1, 100_000), fallback: 256 },
  maxSocketsPerUser: { env: 'DIKTATS_MAX_SOCKETS_PER_USER', flag: 'max-sockets-per-user', parse: int(1, 100_000), fallback: 4 },
  maxStreams: { env: 'DIKTATS_MAX_STREAMS', flag: 'max-streams', parse: int(1, 100_000), fallback: 64 },
  maxStreamsPerUser: { env: 'DIKTATS_MAX_STREAMS_PER_USER', flag: 'max-streams-per-user', parse: int(1, 100_000), fallback: 2 },
  shutdownMs: { env: 'DIKTATS_SHUTDOWN_MS', flag: 'shutdown-ms', parse: int(100, 600_000), fallback: 10_000 },
  maxEventLoopDelayMs: { env: 'DIKTATS_MAX_EVENT_LOOP_DELAY_MS', flag: 'max-event-loop-delay-ms', parse: int(0, 600_000), fallback: 1000 },
  maxRssBytes: { env: 'DIKTATS_MAX_RSS_BYTES', flag: 'max-rss-bytes', parse: int(0, 1024 * 1024 * 1024 * 1024), fallback: 0 },
  webhookAllowHttp: { env: 'DIKTATS_WEBHOOK_ALLOW_HTTP', flag: 'webhook-allow-http', parse: bool, fallback: false },
  webhookSecret: { env: 'DIKTATS_WEBHOOK_SECRET', flag: 'webhook-secret', parse: text, fallback: null },
  trustProxy: { env: 'DIKTATS_TRUST_PROXY', flag: 'trust-proxy', parse: trustProxy, fallback: false },
  allowedHosts: { env: 'DIKTATS_ALLOWED_HOSTS', flag: 'allowed-hosts', parse: list, fallback: Object.freeze([]) },
  allowedOrigins: { env: 'DIKTATS_ALLOWED_ORIGINS', flag: 'allowed-origins', parse: list, fallback: Object.freeze([]) },
  sessionIdleMin: { env: 'DIKTATS_SESSION_IDLE_MIN', flag: 'session-idle-min', parse: int(1, 24 * 60), fallback: 30 },
  sessionMaxHours: { env: 'DIKTATS_SESSION_MAX_HOURS', flag: 'session-max-hours', parse: int(1, 24 * 30), fallback: 12 },
  retentionDays: { env: 'DIKTATS_RETENTION_DAYS', flag: 'retention-days', parse: int(0, 36_500), fallback: 365 },
  pseudonymSecret: { env: 'DIKTATS_PSEUDONYM_SECRET', flag: 'pseudonym-secret', parse: text, fallback: null },
  metricsToken: { env: 'DIKTATS_METRICS_TOKEN', flag: 'metrics-token', parse: text, fallback: null },
  maxUploadBytes: { env: 'DIKTATS_MAX_UPLOAD_BYTES', flag: 'max-upload-bytes', parse: int(1024, 1024 * 1024 * 1024), fallback: 50 * 1024 * 1024 },
};

/** `flags`: flag name (without --) → raw value, as cli/serve-command.ts parsed them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ReadonlyMap<string, string> = new Map()): Config {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(FIELDS)) {
    const fromFlag = flags.get(field.flag);
    const fromEnv = env[field.env];
    if (fromFlag !== undefined) out[key] = field.parse(fromFlag, `--${field.flag}`);
    else if (fromEnv !== undefined && fromEnv !== '') out[key] = field.parse(fromEnv, field.env);
    else out[key] = field.fallback;
  }
  const config = out as unknown as Config;
  if (config.metricsToken !== null && config.metricsToken.length < 32) {
    throw new DiktatsError('CONFIG_ERR_INVALID', 'DIKTATS_METRICS_TOKEN must be at least 32 characters (e.g. openssl rand -hex 32)');
  }
  if (config.maxUtteranceMs <= config.trailingSilenceMs) {
    throw new DiktatsError('CONFIG_ERR_INVALID', 'DIKTATS_MAX_UTTERANCE_MS must be longer than DIKTATS_TRAILING_SILENCE_MS');
  }
  return Object.freeze({ ...config, dbPath: path.resolve(config.dbPath), modelDir: path.resolve(config.modelDir) });
}

/** Flags the config understands (for CLI help and to reject typos). */
export const CONFIG_FLAGS: readonly string[] = Object.values(FIELDS).map((f) => f.flag);

/** Each flag with the environment variable it overrides, for the usage text. */
export const CONFIG_SETTINGS: readonly { readonly flag: string; readonly env: string }[] = Object.values(FIELDS).map((f) => ({ flag: f.flag, env: f.env }));
