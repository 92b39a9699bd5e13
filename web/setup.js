/** First run: the token from the printed link's fragment (#token=…) creates the first admin. */
const form = document.getElementById('setup-form');
const error = document.getElementById('setup-error');
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
// The token leaves the address bar (and the history) at once.
history.replaceState(null, '', location.pathname);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const res = await fetch(new URL('api/auth/setup', document.baseURI), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, username: form.username.value.trim(), password: form.password.value }),
    credentials: 'same-origin',
  });
  if (res.ok) {
    location.replace(new URL('admin/', document.baseURI).href);
    return;
  }
  const code = (await res.json().catch(() => ({})))?.error?.code;
  error.textContent =
    code === 'AUTH_ERR_PASSWORD'
      ? 'Parole par īsu (vismaz 10 zīmes). · Password too short (10 characters or more).'
      : code === 'AUTH_ERR_SETUP'
        ? 'Saite nederīga, novecojusi vai izmantota; restartējiet servisu jaunai saitei. · The link is invalid, expired or used; restart the service for a new one.'
        : `Kļūda ${res.status}. · Error ${res.status}.`;
  error.hidden = false;
});
