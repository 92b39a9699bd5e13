/**
 * The optional document-management webhook: POST the saved record as JSON to
 * DIKTATS_FORM_WEBHOOK_URL. It never blocks or fails a save: delivery runs
 * after the response, is retried with growing delays, and a failure is logged
 * with the record id and the HTTP status only (no field values, no URL, which
 * may carry a token).
 */
import { DiktatsError } from '../errors.ts';
import type { FormRecord } from './form-record.ts';

export interface WebhookLog {
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
}

export interface WebhookOptions {
  readonly url: string;
  readonly log: WebhookLog;
  readonly fetch?: typeof fetch;
  /** wait before each retry; attempts = 1 + delays */
  readonly retryDelaysMs?: readonly number[];
  readonly timeoutMs?: number;
}

export interface WebhookNotifier {
  /** queues delivery and returns at once */
  notify(record: FormRecord): void;
  /** resolves when nothing is being delivered (tests, shutdown) */
  idle(): Promise<void>;
  /** drops pending retries */
  close(): void;
}

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000] as const;

/** Validates the webhook URL once at boot: http(s) only. */
export function parseWebhookUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DiktatsError('FORM_ERR_WEBHOOK_URL', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DiktatsError('FORM_ERR_WEBHOOK_URL', `protocol ${url.protocol}`);
  return url.toString();
}

export function createWebhookNotifier(opts: WebhookOptions): WebhookNotifier {
  const doFetch = opts.fetch ?? fetch;
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const inFlight = new Set<Promise<void>>();
  /** pending retry waits: each timer with the function that ends its wait early */
  const waits = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  /** resolves true after `ms`, or false at once when the notifier is closed meanwhile */
  const sleep = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (closed) return resolve(false);
      const t = setTimeout(() => {
        waits.delete(t);
        resolve(true);
      }, ms);
      waits.set(t, () => resolve(false));
    });

  async function deliver(record: FormRecord): Promise<void> {
    const body = JSON.stringify({ event: 'form.saved', record });
    for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
      let outcome: Record<string, unknown>;
      try {
        const res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (res.ok) {
          opts.log.info({ record: record.id, attempt, status: res.status }, 'form webhook delivered');
          return;
        }
        outcome = { status: res.status };
      } catch (err) {
        outcome = { error: (err as Error).name };
      }
      const last = attempt > delays.length;
      opts.log.warn({ record: record.id, attempt, ...outcome, retrying: !last }, last ? 'form webhook failed; giving up' : 'form webhook failed');
      if (last || !(await sleep(delays[attempt - 1]!))) return;
    }
  }

  return {
    notify(record) {
      if (closed) return;
      const p = deliver(record).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close() {
      closed = true;
      for (const [t, stop] of waits) {
        clearTimeout(t);
        stop();
      }
      waits.clear();
    },
  };
}
