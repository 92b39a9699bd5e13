/** The admin page: users, API tokens, client data (GDPR) and the audit log, over /api/admin/*. Text only, never HTML. */
const base = new URL('../', import.meta.url);
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const res = await fetch(new URL(path, base), {
    method,
    credentials: 'same-origin',
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401) location.replace(new URL(`login.html?next=${encodeURIComponent(location.pathname)}`, base).href);
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) throw new Error(data?.error?.message ?? `${method} ${path}: ${res.status}`);
  return data;
}

function showError(err) {
  $('error').textContent = err instanceof Error ? err.message : String(err);
  $('error').hidden = false;
}

function row(cells, action) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = c ?? '—';
    tr.append(td);
  }
  const td = document.createElement('td');
  if (action) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = action.label;
    b.addEventListener('click', () => action.run().then(refresh, showError));
    td.append(b);
  }
  tr.append(td);
  return tr;
}

async function refresh() {
  $('error').hidden = true;
  const [{ users }, { tokens }, { entries }] = await Promise.all([
    api('GET', 'api/admin/users'),
    api('GET', 'api/admin/tokens'),
    api('GET', 'api/admin/audit?limit=100'),
  ]);
  $('users').tBodies[0].replaceChildren(
    ...users.map((u) =>
      row([String(u.id), u.name, u.role, u.disabled ? 'atslēgts · disabled' : 'aktīvs · active'], u.hasPassword
        ? { label: u.disabled ? 'Ieslēgt · Enable' : 'Atslēgt · Disable', run: () => api('PATCH', `api/admin/users/${encodeURIComponent(u.name)}`, { disabled: !u.disabled }) }
        : null),
    ),
  );
  $('tokens').tBodies[0].replaceChildren(
    ...tokens.map((t) =>
      row([String(t.id), t.userName, t.expiresAt, t.lastUsedAt, t.revokedAt ? 'atsaukta · revoked' : 'aktīva · active'], t.revokedAt ? null : {
        label: 'Atsaukt · Revoke',
        run: () => api('DELETE', `api/admin/tokens/${t.id}`),
      }),
    ),
  );
  $('audit').tBodies[0].replaceChildren(
    ...entries.map((e) => {
      const tr = row([e.at, e.username ?? (e.ip === 'cli' ? 'cli' : '—'), e.action, e.target, e.ip], null);
      tr.lastChild.remove();
      return tr;
    }),
  );
}

$('user-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = event.target;
  api('POST', 'api/admin/users', { name: f.name.value.trim(), role: f.role.value, password: f.password.value })
    .then(() => f.reset())
    .then(refresh, showError);
});

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const f = event.target;
  const days = f.expiresDays.value ? Number(f.expiresDays.value) : undefined;
  api('POST', 'api/admin/tokens', { user: f.user.value.trim(), ...(days ? { expiresDays: days } : {}) })
    .then((r) => {
      $('new-token-value').textContent = r.token;
      $('new-token').hidden = false;
      f.reset();
    })
    .then(refresh, showError);
});

$('gdpr-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = event.target;
  const action = event.submitter?.value ?? 'export';
  const personalCode = f.personalCode.value.trim();
  try {
    if (action === 'erase') {
      if (!confirm(`Dzēst VISUS datus par ${personalCode}? To nevar atsaukt. · Erase ALL data about ${personalCode}? This cannot be undone.`)) return;
      const r = await api('POST', 'api/admin/gdpr/erase', { personalCode });
      $('gdpr-result').textContent = `Dzēsts · Erased: ${r.records} veidlapas · records, ${r.sessions} sesijas · sessions, ${r.utterances} izteikumi · utterances`;
    } else {
      const data = await api('POST', 'api/admin/gdpr/export', { personalCode });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      a.download = 'diktats-client-data.json';
      a.click();
      URL.revokeObjectURL(a.href);
      $('gdpr-result').textContent = `Eksportēts · Exported: ${data.records.length} veidlapas · records, ${data.utterances.length} izteikumi · utterances`;
    }
    $('gdpr-result').hidden = false;
    f.reset();
    await refresh();
  } catch (err) {
    showError(err);
  }
});

refresh().catch(showError);
