/**
 * The signed-in user in the page header: name, role and "Iziet" (log out).
 * A page opened without a session goes to the login page and comes back after.
 * Shared by the dictation page, the researcher's page and the admin page.
 *
 * Usage: <div id="session-bar"></div> and <script type="module" src="…/session-bar.js">.
 */
const here = new URL('.', import.meta.url); // web/ root, wherever the pages are mounted
const ROLE_NAMES = { clerk: 'darbinieks · clerk', researcher: 'pētnieks · researcher', admin: 'administrators · admin' };

export function loginUrl(next = location.pathname + location.search + location.hash) {
  const url = new URL('login.html', here);
  url.searchParams.set('next', next);
  return url.href;
}

export async function currentUser() {
  const res = await fetch(new URL('api/auth/me', here), { credentials: 'same-origin' });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`api/auth/me: ${res.status}`);
  return (await res.json()).user;
}

export async function logout() {
  await fetch(new URL('api/auth/logout', here), { method: 'POST', credentials: 'same-origin' });
  // Replace, not push: Back must not show the previous user's page from the cache.
  location.replace(new URL('login.html', here).href);
}

async function mount() {
  const bar = document.getElementById('session-bar');
  let user;
  try {
    user = await currentUser();
  } catch {
    return; // the page shows its own connection errors
  }
  if (!user) {
    location.replace(loginUrl());
    return;
  }
  document.documentElement.dataset.role = user.role;
  if (!bar) return;
  bar.replaceChildren();
  const who = document.createElement('span');
  who.className = 'session-user';
  who.id = 'session-user';
  who.textContent = `${user.name} (${ROLE_NAMES[user.role] ?? user.role})`;
  bar.append(who);
  if (user.role === 'admin') {
    const admin = document.createElement('a');
    admin.href = new URL('admin/', here).href;
    admin.textContent = 'Administrēšana';
    bar.append(admin);
  }
  const out = document.createElement('button');
  out.type = 'button';
  out.id = 'logout';
  out.className = 'link-button';
  out.textContent = 'Iziet · Log out';
  out.addEventListener('click', () => void logout());
  bar.append(out);
}

if (typeof document !== 'undefined') void mount();
