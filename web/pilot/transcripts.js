/**
 * The researcher's look at recent dictation: each session's transcript as the
 * server gives it to a researcher — personal codes, IBANs, phones and names
 * already replaced by stable pseudonyms (PK-…, VARDS-…) server-side; the
 * browser never receives the raw text.
 */
import { getJson } from './api.js';
import { fill, h } from './dom.js';

const SESSIONS_SHOWN = 10;

export async function showTranscripts() {
  const { sessions } = await getJson('/api/sessions', { limit: SESSIONS_SHOWN });
  const items = [];
  for (const s of sessions) {
    const { utterances } = await getJson(`/api/sessions/${encodeURIComponent(s.id)}`);
    const text = utterances.map((u) => u.correctedText ?? u.text).filter(Boolean).join(' ');
    items.push(h('li', {}, h('span', { class: 'muted', text: `${s.startedAt.slice(0, 16).replace('T', ' ')} · ${s.utterances} ` }), h('span', { text: text || '—' })));
  }
  fill('transcript-list', items.length ? items : h('li', { text: 'Nav sesiju · No sessions' }));
}

document.getElementById('transcripts-load')?.addEventListener('click', () => {
  showTranscripts().catch((err) => fill('transcript-list', h('li', { class: 'error', text: String(err.message ?? err) })));
});
