/** The login page: POST /api/auth/login, then back to the page that sent us here (same origin only). */
const MESSAGES = {
  AUTH_ERR_BAD_LOGIN: 'Nepareizs lietotājvārds vai parole. · Wrong user name or password.',
  AUTH_ERR_LOCKED: 'Pārāk daudz neveiksmīgu mēģinājumu; mēģiniet pēc 15 minūtēm. · Too many failed attempts; try again in 15 minutes.',
  FST_TOO_MANY_REQUESTS: 'Pārāk daudz mēģinājumu; uzgaidiet minūti. · Too many attempts; wait a minute.',
};

/** Only a path on this site: an open redirect would let a link send a clerk to a look-alike page. */
export function safeNext(raw, base) {
  try {
    const url = new URL(raw ?? '', base);
    return url.origin === new URL(base).origin ? url.pathname + url.search + url.hash : new URL('./', base).pathname;
  } catch {
    return new URL('./', base).pathname;
  }
}

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const body = { username: form.username.value.trim(), password: form.password.value };
  let res;
  try {
    res = await fetch(new URL('api/auth/login', document.baseURI), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    error.textContent = 'Serveris nav sasniedzams. · The server cannot be reached.';
    error.hidden = false;
    return;
  }
  if (res.ok) {
    location.replace(safeNext(new URLSearchParams(location.search).get('next'), document.baseURI));
    return;
  }
  const code = res.status === 429 && !(await res.clone().json().catch(() => null))?.error?.code?.startsWith('AUTH') ? 'FST_TOO_MANY_REQUESTS' : (await res.json().catch(() => ({})))?.error?.code;
  error.textContent = MESSAGES[code] ?? `Kļūda ${res.status}. · Error ${res.status}.`;
  error.hidden = false;
  form.password.select();
});
