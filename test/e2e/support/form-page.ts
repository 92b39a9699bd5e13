/**
 * Helpers for the browser tests of the form panel: the record the page has
 * open (from its URL hash), the stored record over REST, and what the inputs show.
 */
import type { Page } from 'playwright-core';

export type FieldValue = string | number;

export interface StoredRecord {
  id: number;
  form: string;
  status: 'draft' | 'saved';
  mode: 'dictation' | 'manual';
  fields: Record<string, FieldValue>;
  issues: { field: string; code: string; message: string }[];
  recognised: Record<string, FieldValue> | null;
  revision: number;
}

/** The record id the page keeps in its hash (`#form=…&record=12`), or null. */
export function recordIdOf(page: Page): number | null {
  const hash = new URL(page.url()).hash;
  const id = Number(new URLSearchParams(hash.slice(1)).get('record'));
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** Waits until the page has a record id in its hash (the draft exists on the server). */
export async function waitForRecordId(page: Page, timeoutMs = 10_000): Promise<number> {
  await page.waitForURL(/[#&]record=\d+/, { timeout: timeoutMs });
  return recordIdOf(page)!;
}

export async function fetchRecord(server: { baseUrl: string; authHeaders: Readonly<Record<string, string>> }, id: number): Promise<StoredRecord> {
  const res = await fetch(`${server.baseUrl}/api/forms/records/${id}`, { headers: server.authHeaders });
  if (!res.ok) throw new Error(`GET /api/forms/records/${id}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { record: StoredRecord }).record;
}

/** Every field input's text, by field id. */
export function shownValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    document.querySelectorAll<HTMLElement>('#form-fields [data-field]').forEach((box) => {
      const input = box.querySelector<HTMLInputElement>('input, select, textarea');
      if (input) out[box.dataset.field!] = input.value;
    });
    return out;
  });
}

/** How the page shows a stored value (mirrors web/form-values.js displayValue for the types used here). */
export function displayed(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2).replace('.', ',');
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return iso ? `${iso[3]}.${iso[2]}.${iso[1]}` : value;
}
