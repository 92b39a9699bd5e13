import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FLAGS, DEFAULT_MODEL_DIR, PROJECT_ROOT, loadConfig, type Config } from '../../server/config.ts';
import { parseCommandArgs } from '../../server/cli/command-io.ts';
import { CONFIG_OPTIONS, configFlags } from '../../server/cli/serve-command.ts';
import { DiktatsError } from '../../server/errors.ts';

/** The configuration flags of a `diktats serve` command line, parsed as serve parses them. */
const flags = (...argv: string[]): Map<string, string> => configFlags(parseCommandArgs(argv, CONFIG_OPTIONS, false).values);

/** Runs `fn`, expecting a CONFIG_ERR_INVALID DiktatsError; returns it. */
function configError(fn: () => unknown): DiktatsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DiktatsError);
    expect((e as DiktatsError).code).toBe('CONFIG_ERR_INVALID');
    expect((e as DiktatsError).status).toBe(500);
    return e as DiktatsError;
  }
  throw new Error('expected a CONFIG_ERR_INVALID error, got none');
}

describe('loadConfig: defaults', () => {
  it('gives the documented defaults with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dbPath: path.join(PROJECT_ROOT, 'data', 'diktats.db'),
      modelDir: DEFAULT_MODEL_DIR,
      finalModelDir: null,
      finalWorkers: 1,
      logLevel: 'info',
      workers: 2,
      workerIsolation: 'thread',
      maxFrameBytes: 1024 * 1024,
      maxBacklogSec: 30,
      trailingSilenceMs: 640,
      maxUtteranceMs: 20_000,
      vadThreshold: 0.5,
      streamChunkMs: 480,
      streamLeftContextMs: 1280,
      streamRightContextMs: 640,
      maxUploadBytes: 50 * 1024 * 1024,
      formWebhookUrl: null,
      languageModel: true,
      maxSockets: 256,
      maxSocketsPerUser: 4,
      maxStreams: 64,
      maxStreamsPerUser: 2,
      shutdownMs: 10_000,
      maxEventLoopDelayMs: 1000,
      maxRssBytes: 0,
      webhookAllowHttp: false,
      webhookSecret: null,
      trustProxy: false,
      allowedHosts: [],
      allowedOrigins: [],
      sessionIdleMin: 30,
      sessionMaxHours: 12,
      retentionDays: 365,
      pseudonymSecret: null,
      metricsToken: null,
    } satisfies Config);
  });

  it('treats an empty environment variable as unset', () => {
    expect(loadConfig({ PORT: '', HOST: '', LOG_LEVEL: '' })).toMatchObject({ port: 8080, host: '127.0.0.1', logLevel: 'info' });
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(config.port).toBe(8080);
  });
});

describe('loadConfig: environment and flags', () => {
  it('reads every setting from its environment variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '9000',
      DIKTATS_DB: '/tmp/x/diktats.db',
      DIKTATS_MODEL: '/opt/models/lv',
      DIKTATS_FINAL_MODEL: 'test/fixtures/models/nemo-tdt-tiny',
      DIKTATS_FINAL_WORKERS: '2',
      LOG_LEVEL: 'debug',
      DIKTATS_WORKERS: '4',
      DIKTATS_WORKER_ISOLATION: 'process',
      DIKTATS_MAX_FRAME_BYTES: '65536',
      DIKTATS_MAX_BACKLOG_SEC: '10',
      DIKTATS_TRAILING_SILENCE_MS: '800',
      DIKTATS_MAX_UTTERANCE_MS: '15000',
      DIKTATS_VAD_THRESHOLD: '0.35',
      DIKTATS_STREAM_CHUNK_MS: '480',
      DIKTATS_STREAM_LEFT_CONTEXT_MS: '0',
      DIKTATS_STREAM_RIGHT_CONTEXT_MS: '320',
      DIKTATS_MAX_UPLOAD_BYTES: '2048',
      DIKTATS_LM: 'off',
      DIKTATS_FORM_WEBHOOK_URL: 'https://dms.example.lv/hook',
      DIKTATS_MAX_SOCKETS: '100',
      DIKTATS_MAX_SOCKETS_PER_USER: '5',
      DIKTATS_MAX_STREAMS: '40',
      DIKTATS_MAX_STREAMS_PER_USER: '2',
      DIKTATS_SHUTDOWN_MS: '3000',
      DIKTATS_MAX_EVENT_LOOP_DELAY_MS: '200',
      DIKTATS_MAX_RSS_BYTES: '2000000000',
      DIKTATS_WEBHOOK_ALLOW_HTTP: 'no',
      DIKTATS_WEBHOOK_SECRET: 'k3y',
      DIKTATS_TRUST_PROXY: 'true',
      DIKTATS_ALLOWED_HOSTS: 'diktats.novads.lv',
      DIKTATS_ALLOWED_ORIGINS: 'https://diktats.novads.lv,https://dms.novads.lv',
      DIKTATS_SESSION_IDLE_MIN: '15',
      DIKTATS_SESSION_MAX_HOURS: '8',
      DIKTATS_RETENTION_DAYS: '90',
      DIKTATS_PSEUDONYM_SECRET: 'pk',
      DIKTATS_METRICS_TOKEN: 'm'.repeat(32),
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 9000,
      dbPath: '/tmp/x/diktats.db',
      modelDir: '/opt/models/lv',
      finalModelDir: path.resolve('test/fixtures/models/nemo-tdt-tiny'),
      finalWorkers: 2,
      logLevel: 'debug',
      workers: 4,
      workerIsolation: 'process',
      maxFrameBytes: 65536,
      maxBacklogSec: 10,
      trailingSilenceMs: 800,
      maxUtteranceMs: 15000,
      vadThreshold: 0.35,
      streamChunkMs: 480,
      streamLeftContextMs: 0,
      streamRightContextMs: 320,
      maxUploadBytes: 2048,
      languageModel: false,
      formWebhookUrl: 'https://dms.example.lv/hook',
      maxSockets: 100,
      maxSocketsPerUser: 5,
      maxStreams: 40,
      maxStreamsPerUser: 2,
      shutdownMs: 3000,
      maxEventLoopDelayMs: 200,
      maxRssBytes: 2_000_000_000,
      webhookAllowHttp: false,
      webhookSecret: 'k3y',
      trustProxy: true,
      allowedHosts: ['diktats.novads.lv'],
      allowedOrigins: ['https://diktats.novads.lv', 'https://dms.novads.lv'],
      sessionIdleMin: 15,
      sessionMaxHours: 8,
      retentionDays: 90,
      pseudonymSecret: 'pk',
      metricsToken: 'm'.repeat(32),
    });
  });

  it('rejects a DIKTATS_FINAL_MODEL that is not a folder, naming the variable', () => {
    expect(() => loadConfig({ DIKTATS_FINAL_MODEL: '/no/such/model' })).toThrow(/DIKTATS_FINAL_MODEL="\/no\/such\/model": no such folder/);
    expect(() => loadConfig({ DIKTATS_FINAL_MODEL: 'package.json' })).toThrow(/no such folder/);
  });

  it('resolves relative paths against the working directory', () => {
    const config = loadConfig({ DIKTATS_DB: 'rel/d.db', DIKTATS_MODEL: 'models/x' });
    expect(config.dbPath).toBe(path.resolve('rel/d.db'));
    expect(config.modelDir).toBe(path.resolve('models/x'));
  });

  it.each([
    [['--port', '9000']],
    [['--port=9000']],
  ])('flags win over the environment: %j', (argv) => {
    expect(loadConfig({ PORT: '7000' }, flags(...argv)).port).toBe(9000);
  });

  it('every setting has a flag, and the flags are the ones CONFIG_FLAGS lists', () => {
    const config = loadConfig(
      {},
      flags('--host', '::1', '--port=1', '--db', '/d.db', '--model=/m', '--log-level', 'warn', '--workers', '3',
        '--max-frame-bytes', '4096', '--max-backlog-sec', '5', '--trailing-silence-ms', '300', '--max-utterance-ms', '5000',
        '--max-upload-bytes', '1024', '--lm', 'false', '--form-webhook-url', 'http://127.0.0.1:9/x',
        '--vad-threshold', '.4', '--stream-chunk-ms', '400', '--stream-left-context-ms', '800', '--stream-right-context-ms', '400',
        '--max-sockets', '9', '--max-sockets-per-user', '8', '--max-streams', '7', '--max-streams-per-user', '6', '--shutdown-ms', '500',
        '--max-event-loop-delay-ms', '0', '--max-rss-bytes', '0',
        '--webhook-allow-http', 'true', '--webhook-secret', 's', '--trust-proxy', '10.0.0.1', '--allowed-hosts', 'a.lv, b.lv',
        '--allowed-origins', 'https://a.lv', '--session-idle-min', '5', '--session-max-hours', '2', '--retention-days', '0', '--pseudonym-secret', 'p', '--metrics-token', 'k'.repeat(32),
        '--final-model', 'test/fixtures/models/nemo-rnnt-tiny', '--final-workers', '2', '--worker-isolation', 'process'),
    );
    expect(config).toEqual({
      host: '::1', port: 1, dbPath: '/d.db', modelDir: '/m', logLevel: 'warn', workers: 3, maxFrameBytes: 4096,
      maxBacklogSec: 5, trailingSilenceMs: 300, maxUtteranceMs: 5000, maxUploadBytes: 1024, languageModel: false,
      formWebhookUrl: 'http://127.0.0.1:9/x', vadThreshold: 0.4, streamChunkMs: 400, streamLeftContextMs: 800, streamRightContextMs: 400,
      maxSockets: 9, maxSocketsPerUser: 8, maxStreams: 7, maxStreamsPerUser: 6, shutdownMs: 500, maxEventLoopDelayMs: 0, maxRssBytes: 0,
      webhookAllowHttp: true, webhookSecret: 's', trustProxy: '10.0.0.1', allowedHosts: ['a.lv', 'b.lv'], allowedOrigins: ['https://a.lv'],
      sessionIdleMin: 5, sessionMaxHours: 2, retentionDays: 0, pseudonymSecret: 'p', metricsToken: 'k'.repeat(32),
      finalModelDir: path.resolve('test/fixtures/models/nemo-rnnt-tiny'), finalWorkers: 2, workerIsolation: 'process',
    });
    expect([...CONFIG_FLAGS].sort()).toEqual(
      ['allowed-hosts', 'allowed-origins', 'db', 'final-model', 'final-workers', 'form-webhook-url', 'host', 'lm', 'log-level', 'max-backlog-sec', 'max-event-loop-delay-ms', 'max-frame-bytes', 'max-rss-bytes', 'max-sockets', 'max-sockets-per-user', 'max-streams', 'max-streams-per-user', 'max-upload-bytes', 'max-utterance-ms', 'metrics-token', 'model', 'port', 'pseudonym-secret', 'retention-days', 'session-idle-min', 'session-max-hours', 'shutdown-ms', 'stream-chunk-ms', 'stream-left-context-ms', 'stream-right-context-ms', 'trailing-silence-ms', 'trust-proxy', 'vad-threshold', 'webhook-allow-http', 'webhook-secret', 'worker-isolation', 'workers'],
    );
  });

  it('accepts the range limits', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ DIKTATS_WORKERS: '64' }).workers).toBe(64);
  });
});

describe('loadConfig: bad values', () => {
  it('rejects a webhook that is not an http(s) URL and a non-boolean DIKTATS_LM', () => {
    expect(() => loadConfig({ DIKTATS_FORM_WEBHOOK_URL: 'ftp://x' })).toThrow(/DIKTATS_FORM_WEBHOOK_URL/);
    expect(() => loadConfig({ DIKTATS_FORM_WEBHOOK_URL: 'not a url' })).toThrow(/http\(s\) URL/);
    expect(() => loadConfig({ DIKTATS_LM: 'maybe' })).toThrow(/DIKTATS_LM/);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', '1e3'],
    ['PORT', '0x50'],
    ['PORT', ' '],
    ['LOG_LEVEL', 'loud'],
    ['LOG_LEVEL', 'INFO'],
    ['HOST', '   '],
    ['DIKTATS_WORKERS', '0'],
    ['DIKTATS_WORKER_ISOLATION', 'fork'],
    ['DIKTATS_WORKER_ISOLATION', 'Process'],
    ['DIKTATS_MAX_FRAME_BYTES', '10'],
    ['DIKTATS_TRAILING_SILENCE_MS', '50'],
    ['DIKTATS_VAD_THRESHOLD', '1'],
    ['DIKTATS_VAD_THRESHOLD', '0.01'],
    ['DIKTATS_VAD_THRESHOLD', 'half'],
    ['DIKTATS_VAD_THRESHOLD', '-0.5'],
    ['DIKTATS_VAD_THRESHOLD', '5e-1'],
    ['DIKTATS_STREAM_CHUNK_MS', '20'],
  ])('%s=%j throws CONFIG_ERR_INVALID naming the variable', (name, value) => {
    const e = configError(() => loadConfig({ [name]: value }));
    expect(e.message).toContain(name);
    expect(e.message).toMatch(/^Invalid configuration; fix the environment variable or flag named: /);
  });

  it('says what range or values were expected', () => {
    expect(configError(() => loadConfig({ PORT: '70000' })).message).toContain('expected an integer from 0 to 65535');
    expect(configError(() => loadConfig({ DIKTATS_VAD_THRESHOLD: '0.99' })).message).toContain('expected a number from 0.05 to 0.95');
    expect(configError(() => loadConfig({ LOG_LEVEL: 'loud' })).message).toContain('expected one of fatal, error, warn, info, debug, trace, silent');
  });

  it.each([
    [['--port=abc'], '--port'],
    [['--port='], '--port'],
    [['--log-level=loud'], '--log-level'],
    [['--db='], '--db'],
  ])('bad flag %j throws naming %s', (argv, name) => {
    const e = configError(() => loadConfig({}, flags(...argv)));
    expect(e.message).toContain(name);
  });

  it('a bad flag fails even when the environment is good; a good flag does not excuse another bad variable', () => {
    configError(() => loadConfig({ PORT: '9000' }, flags('--port', 'x')));
    configError(() => loadConfig({ LOG_LEVEL: 'loud' }, flags('--port', '9000')));
  });

  it('rejects a maximum utterance not longer than the trailing silence', () => {
    const e = configError(() => loadConfig({ DIKTATS_TRAILING_SILENCE_MS: '2000', DIKTATS_MAX_UTTERANCE_MS: '2000' }));
    expect(e.message).toContain('DIKTATS_MAX_UTTERANCE_MS');
    expect(e.message).toContain('DIKTATS_TRAILING_SILENCE_MS');
    expect(loadConfig({ DIKTATS_TRAILING_SILENCE_MS: '2000', DIKTATS_MAX_UTTERANCE_MS: '2001' }).maxUtteranceMs).toBe(2001);
  });
});
