/**
 * The optional document-management webhook: POST the saved record as JSON to
 * DIKTATS_FORM_WEBHOOK_URL. It never blocks or fails a save: the delivery is
 * written to an outbox (a table in the database, so retries survive a
 * restart), sent after the response, and retried with growing delays; a
 * failure is logged with the record id and the HTTP status only (no field
 * values, no URL, which may carry a token).
 *
 * With DIKTATS_WEBHOOK_SECRET each request carries
 * `X-Diktats-Signature: t=UNIX_SECONDS,v1=HEX`, HEX being HMAC-SHA256 of
 * `${t}.${body}` with the secret; receivers recompute it and reject old `t`.
 */
import { createHmac } from 'node:crypto';
import { DiktatsError } from '../errors.ts';
import type { FormRecord } from './form-record.ts';

export interface WebhookLog {
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
}

export interface OutboxRow {
  readonly id: number;
  readonly recordId: number;
  readonly body: string;
  readonly attempts: number;
}

/** Where deliveries wait: storage/webhook-outbox.ts (durable) or memoryOutbox (tests). */
export interface WebhookOutbox {
  add(recordId: number, body: string, nowMs: number): void;
  due(nowMs: number): OutboxRow[];
  /** the earliest next attempt of a pending delivery, or null */
  nextAt(): number | null;
  delivered(id: number, attempts: number, status: number): void;
  retry(id: number, attempts: number, nextAtMs: number, status: string): void;
  failed(id: number, attempts: number, status: string): void;
}

export interface WebhookOptions {
  readonly url: string;
  readonly log: WebhookLog;
  readonly fetch?: typeof fetch;
  /** wait before each retry; attempts = 1 + delays */
  readonly retryDelaysMs?: readonly number[];
  readonly timeoutMs?: number;
  readonly secret?: string;
  readonly outbox?: WebhookOutbox;
}

export interface WebhookNotifier {
  /** queues delivery and returns at once */
  notify(record: FormRecord): void;
  /** resolves when nothing is being delivered or waiting for a retry (tests, shutdown) */
  idle(): Promise<void>;
  /** stops sending; what is pending stays in the outbox for the next start */
  close(): void;
}

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 300_000, 3_600_000] as const;

/** Validates the webhook URL once at boot: https, or http only when allowed (DIKTATS_WEBHOOK_ALLOW_HTTP). */
export function parseWebhookUrl(raw: string | undefined, allowHttp = false): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DiktatsError('FORM_ERR_WEBHOOK_URL', 'not a URL');
  }
  if (url.protocol === 'http:' && !allowHttp) throw new DiktatsError('FORM_ERR_WEBHOOK_URL', 'http is refused (records would travel unencrypted); use https or set DIKTATS_WEBHOOK_ALLOW_HTTP=true');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DiktatsError('FORM_ERR_WEBHOOK_URL', `protocol ${url.protocol}`);
  return url.toString();
}

export function signatureHeader(secret: string, body: string, unixSec: number): string {
  return `t=${unixSec},v1=${createHmac('sha256', secret).update(`${unixSec}.${body}`).digest('hex')}`;
}

/** A process-local outbox: same behaviour, nothing survives a restart. */
export function memoryOutbox(): WebhookOutbox {
  const rows = new Map<number, OutboxRow & { nextAt: number }>();
  let nextId = 1;
  return {
    add: (recordId, body, now) => void rows.set(nextId, { id: nextId++, recordId, body, attempts: 0, nextAt: now }),
    due: (now) => [...rows.values()].filter((r) => r.nextAt <= now),
    nextAt: () => (rows.size ? Math.min(...[...rows.values()].map((r) => r.nextAt)) : null),
    delivered: (id) => void rows.delete(id),
    retry: (id, attempts, nextAt) => {
      const r = rows.get(id);
      if (r) rows.set(id, { ...r, attempts, nextAt });
    },
    failed: (id) => void rows.delete(id),
  };
}

export function createWebhookNotifier(opts: WebhookOptions): WebhookNotifier {
  const doFetch = opts.fetch ?? fetch;
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const outbox = opts.outbox ?? memoryOutbox();
  let closed = false;
  let draining: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;

  async function attempt(row: OutboxRow): Promise<void> {
    const n = row.attempts + 1;
    let outcome: Record<string, unknown>;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (opts.secret) headers['x-diktats-signature'] = signatureHeader(opts.secret, row.body, Math.floor(Date.now() / 1000));
      const res = await doFetch(opts.url, { method: 'POST', headers, body: row.body, signal: AbortSignal.timeout(timeoutMs) });
      if (res.ok) {
        outbox.delivered(row.id, n, res.status);
        opts.log.info({ record: row.recordId, attempt: n, status: res.status }, 'form webhook delivered');
        return;
      }
      outcome = { status: res.status };
    } catch (err) {
      outcome = { error: (err as Error).name };
    }
    const last = n > delays.length;
    const status = String(outcome['status'] ?? outcome['error']);
    if (last) outbox.failed(row.id, n, status);
    else outbox.retry(row.id, n, Date.now() + delays[n - 1]!, status);
    opts.log.warn({ record: row.recordId, attempt: n, ...outcome, retrying: !last }, last ? 'form webhook failed; giving up' : 'form webhook failed');
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (const row of outbox.due(Date.now())) {
        if (closed) return;
        await attempt(row);
      }
    } while (again && !closed);
    schedule();
  }

  function schedule(): void {
    if (closed || timer) return;
    const at = outbox.nextAt();
    if (at === null) return;
    timer = setTimeout(() => {
      timer = null;
      wake?.();
      kick();
    }, Math.max(0, at - Date.now()));
  }

  function kick(): void {
    if (closed) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain().finally(() => {
      draining = null;
      if (again && !closed) kick();
    });
  }

  kick(); // deliveries left by a previous run

  return {
    notify(record) {
      if (closed) return;
      outbox.add(record.id, JSON.stringify({ event: 'form.saved', record }), Date.now());
      kick();
    },
    async idle() {
      for (;;) {
        if (draining) await draining;
        else if (timer && !closed) await new Promise<void>((r) => (wake = r));
        else return;
        await new Promise((r) => setImmediate(r));
      }
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      wake?.();
    },
  };
}
