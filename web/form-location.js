/**
 * Where the open form is remembered, so a reload or a reopened tab gets the
 * draft back: the URL hash (`#form=majokla-pabalsts&record=12`, per tab, and a
 * link a clerk can keep) and localStorage (the last draft, for a tab opened
 * without a hash).
 */

const STORAGE_KEY = 'diktats.form';

/** @typedef {{ form: string, record: number | null }} FormRef */

/** @returns {FormRef | null} */
export function parseFormHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const form = params.get('form');
  if (!form || !/^[a-z0-9-]{1,64}$/.test(form)) return null;
  const record = Number(params.get('record'));
  return { form, record: Number.isInteger(record) && record > 0 ? record : null };
}

export function formHash(ref) {
  if (!ref) return '';
  return ref.record ? `#form=${ref.form}&record=${ref.record}` : `#form=${ref.form}`;
}

/** The form in this tab's URL, else the last draft this browser had open. */
export function readFormLocation() {
  const fromHash = parseFormHash(location.hash);
  if (fromHash) return { ...fromHash, source: 'hash' };
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (saved && typeof saved.form === 'string' && Number.isInteger(saved.record)) {
      return { form: saved.form, record: saved.record, source: 'storage' };
    }
  } catch {
    // Storage blocked or garbled: the hash alone has to do.
  }
  return null;
}

/** @param {FormRef | null} ref  null forgets the form (closed) */
export function writeFormLocation(ref) {
  const hash = formHash(ref);
  if (location.hash !== hash) history.replaceState(null, '', hash || location.pathname + location.search);
  try {
    if (ref?.record) localStorage.setItem(STORAGE_KEY, JSON.stringify({ form: ref.form, record: ref.record }));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Not fatal: the hash still holds it.
  }
}
